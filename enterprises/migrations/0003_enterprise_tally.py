# The enterprise tally (enterprises.tally): an unmanaged table kept by database triggers.

from django.db import migrations, models


def create(apps, schema_editor):
    from enterprises import tally

    tally.create_table(schema_editor.connection)
    tally.install(schema_editor.connection)
    tally.rebuild(schema_editor.connection)


def drop(apps, schema_editor):
    from enterprises import tally

    tally.drop_table(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0002_plain_text_rules'),
    ]

    operations = [
        migrations.CreateModel(
            name='EnterpriseTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('filed_on', models.DateField(verbose_name='备案认定月份')),
                ('deregistered_on', models.DateField(verbose_name='注销月份')),
                ('city_demo_year', models.PositiveSmallIntegerField(verbose_name='市级示范企业认定年度')),
                ('province_demo_year', models.PositiveSmallIntegerField(verbose_name='省级示范企业认定年度')),
                ('n', models.IntegerField(verbose_name='企业数')),
            ],
            options={
                'verbose_name': '企业计数汇总',
                'verbose_name_plural': '企业计数汇总',
                'db_table': 'enterprises_enterprisetally',
                'managed': False,
            },
        ),
        migrations.RunPython(create, drop),
    ]
