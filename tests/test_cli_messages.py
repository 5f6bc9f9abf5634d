"""The command line says what is wrong in Vietnamese, its own refusals and click's usage errors alike."""

import pytest


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["users", "create", "x", "--role", "bogus"], "Lỗi: Giá trị của --role không hợp lệ"),
        (["users", "create", "--bogus"], "Lỗi: Không có tùy chọn --bogus."),
        (["users", "create"], "Lỗi: Thiếu tham số USERNAME."),
        (["users", "nope"], "Lỗi: Không có lệnh nope."),
        (["seed-demo", "extra"], "Lỗi: Thừa tham số: extra."),
        (["documents", "render", "danh_sach_can_bo", "--unit", "X"], "Lỗi: Thiếu tùy chọn --out."),
        (
            "documents render danh_sach_can_bo --unit X --out x.pdf --date 2026-13-01".split(),
            "Lỗi: Giá trị của --date không hợp lệ",
        ),
    ],
)
def test_wrong_usage_is_said_in_vietnamese_with_where_to_find_help(app, args, said):
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 2
    assert said in result.output and "Xem cách dùng:" in result.output and "--help" in result.output
    assert "Error:" not in result.output


def test_a_commands_own_refusal_says_loi(app):
    result = app.test_cli_runner().invoke(args=["users", "disable", "khong-co-ai"])
    assert result.exit_code == 1 and result.output.strip() == "Lỗi: Không có tài khoản khong-co-ai."
