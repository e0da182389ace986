"""统一社会信用代码 is checked with the GB 32100-2015 check character."""

import pytest
from django.core.exceptions import ValidationError

from enterprises.validators import validate_credit_code
from tests.builders import credit_code


def test_a_valid_code_passes():
    validate_credit_code("91350100M000100Y43")


def test_spaces_and_lower_case_are_tolerated():
    code = credit_code(7)
    validate_credit_code(" " + code[:6] + " " + code[6:].lower())


def test_a_wrong_check_character_names_the_expected_one():
    code = "91350100M000100Y44"
    with pytest.raises(ValidationError) as err:
        validate_credit_code(code)
    assert err.value.code == "credit_code_checksum"
    assert "第18位应为“3”" in err.value.messages[0]


def test_a_short_code_says_how_long_it_is():
    with pytest.raises(ValidationError) as err:
        validate_credit_code("9135010")
    assert "18位" in err.value.messages[0] and "7位" in err.value.messages[0]


@pytest.mark.parametrize("code", ["9135010OM000100Y43", "91350100M00010IY43"])
def test_letters_outside_the_alphabet_are_refused(code):
    with pytest.raises(ValidationError) as err:
        validate_credit_code(code)
    assert err.value.code == "credit_code_format"
