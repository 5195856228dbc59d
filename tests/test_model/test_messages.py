"""model/messages.py: a problem is a key and parameters, rendered with its place in the reader's language."""

from __future__ import annotations

import pytest

from model.messages import MESSAGES, InputError, Num, Problem, render


def test_num_is_written_the_readers_way():
    assert Num(1_592_806).written("id") == "1.592.806"
    assert Num(1_592_806).written("en") == "1,592,806"
    assert Num(45.1678, 2).written("id") == "45,17"
    assert Num(3.0) == 3.0  # still a number for arithmetic


def test_render_formats_num_parameters_and_leaves_text_alone():
    id_text = render("bad_option", "id", {"name": "--by", "detail": Num(1234.5, 1)})
    en_text = render("bad_option", "en", {"name": "--by", "detail": Num(1234.5, 1)})
    assert id_text == "Opsi --by: 1.234,5"
    assert en_text == "Option --by: 1,234.5"


def test_an_unknown_language_falls_back_to_english():
    assert render("bad_option", "fr", {"name": "x", "detail": "y"}) == "Option x: y"


def test_problem_message_names_row_and_column_first():
    problem = Problem("bad_option", {"name": "a", "detail": "b"}, row=7, column="as_of")
    assert problem.message("en") == "Row 7, column 'as_of': Option a: b"
    assert problem.message("id") == "Baris 7, kolom 'as_of': Opsi a: b"
    assert Problem("bad_option", {"name": "a", "detail": "b"}, column="x").message("en") == "column 'x': Option a: b"


def test_input_error_keeps_every_problem_and_can_show_a_few():
    problems = [Problem("bad_option", {"name": f"--o{i}", "detail": "d"}) for i in range(5)]
    error = InputError(problems)
    assert error.problems == problems
    assert str(error) == error.message("en")
    assert error.message("en").count("\n") == 4
    shown = error.message("id", limit=2).splitlines()
    assert shown == ["Opsi --o0: d", "Opsi --o1: d", "… dan 3 masalah lain"]
    assert error.message("en", limit=5).splitlines()[-1] == "Option --o4: d"
    assert error.one_line("en") == "; ".join(f"Option --o{i}: d" for i in range(5))


def test_location_prefixes_are_not_messages():
    assert not any(key.startswith("_") for key in MESSAGES)
    with pytest.raises(KeyError):
        render("_row_prefix", "en", {"row": 1})
