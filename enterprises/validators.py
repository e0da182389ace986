"""Validation of the unified social credit code (统一社会信用代码, GB 32100-2015)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def normalise_credit_code(value: str) -> str:
    """Strip spaces and hyphens and upper-case the code, as people type it in many ways."""
    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    """Reject a code that is not 18 characters of the GB 32100-2015 alphabet or whose check character is wrong."""
    code = normalise_credit_code(value)
    try:
        uscc.validate(code)
    except InvalidLength:
        raise ValidationError(
            _("统一社会信用代码应为18位，当前为%(n)d位。"), code="credit_code_length", params={"n": len(code)}
        ) from None
    except (InvalidFormat, InvalidComponent):
        raise ValidationError(
            _("统一社会信用代码格式错误：前8位应为数字，其余只能是数字和除I、O、S、V、Z外的大写字母。"),
            code="credit_code_format",
        ) from None
    except InvalidChecksum:
        expected = uscc.calc_check_digit(code[:-1])
        raise ValidationError(
            _("统一社会信用代码校验位错误：第18位应为“%(expected)s”，实际为“%(actual)s”。"),
            code="credit_code_checksum",
            params={"expected": expected, "actual": code[-1]},
        ) from None
    except StdnumError:
        raise ValidationError(_("统一社会信用代码无效。"), code="credit_code_invalid") from None
