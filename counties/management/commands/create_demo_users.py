from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from counties import roles
from counties.demo_inbox import demo_inbox_fill
from counties.models import County, Membership

DEMO_PASSWORD = "Shangqiu-2016"  # noqa: S105 - a published demo login, never for production
COUNTY_LOGINS = {
    "411402": "liangyuan",
    "411403": "suiyang",
    "SQZ01": "shifanqu",
    "411425": "yucheng",
    "411426": "xiayi",
    "411424": "zhecheng",
    "411423": "ningling",
    "411422": "suixian",
    "411421": "minquan",
    "411481": "yongcheng",
    "SQZ02": "shangwuqu",
    "SQZ03": "wuliuqu",
}


class Command(BaseCommand):
    help = "创建演示账号（市商务局管理员、领导小组、各县区填报员）并打印登录信息。仅用于演示环境。"

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def _user(self, username, full_name, group, password, **flags):
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name, **flags})
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=group))
        return user

    def handle(self, *args, **options):
        password = options["password"]
        admin = self._user("admin", "市商务局管理员", roles.CITY_ADMIN, password, is_staff=True)
        self._user("leader", "领导小组成员", roles.LEADERSHIP, password)
        for code, username in COUNTY_LOGINS.items():
            county = County.objects.get(code=code)
            user = self._user(username, f"{county.name}填报员", roles.COUNTY_STAFF, password)
            Membership.objects.update_or_create(user=user, defaults={"county": county})
        demo_inbox_fill(reviewer=admin)
        others = "、".join(list(COUNTY_LOGINS.values())[1:])
        self.stdout.write(
            f"\n演示账号 / demo logins（密码 password: {password}）\n"
            "  admin      市商务局管理员（审核、导入导出、用户管理）\n"
            "  leader     领导小组（只读看板）\n"
            f"  liangyuan  梁园区填报员（其他县区：{others}）\n"
            "  admin 首次登录时须设置两步验证：用手机验证器应用扫描页面上的二维码（或输入密钥），并保存恢复码。\n"
            "  The city admin sets up two-step verification at the first login (scan the QR code with an\n"
            "  authenticator app, or type the key) and saves the recovery codes.\n"
            "演示的填报情况：2018年第4季度梁园区数据被退回待修改，多个县区的数据待审核（admin 的工作台），"
            "柘城县只存了草稿、永城市未填报；睢阳区2018年第3季度数据被重新打开。\n"
        )
