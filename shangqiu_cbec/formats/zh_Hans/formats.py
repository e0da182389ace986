"""Chinese number formats as government statistics print them: 20,000,000 (thousands separated by commas).

Django's own zh_Hans formats leave the thousands separator empty, which made ``intcomma`` group some
numbers and not others. Dates keep Django's Chinese forms (2016年9月5日).
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
