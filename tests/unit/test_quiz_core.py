"""The pure quiz core: picking and ordering questions, seeded values, grading, the tally."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from acttutor.core.numparse import NumberParseError
from acttutor.course.loader import load_course
from acttutor.course.models import (
    Choice,
    ChoiceQuestion,
    Course,
    GeneratedQuestion,
    GeneratedTemplate,
    LocalText,
    MultiQuestion,
    NumericQuestion,
    PlotQuestion,
    PlotSpec,
    TrueFalseQuestion,
)
from acttutor.course.quiz import (
    Outcome,
    QuizItem,
    Verdict,
    answer_decimals,
    choice_texts,
    correct_answer,
    grade_item,
    plan_quiz,
    retry_plan,
    tally,
)

T = LocalText.of
COMMON = dict(section="intro", explanation=T("because"), bank="b", path=Path("b.yaml"), line=1)


@pytest.fixture(scope="module")
def course() -> Course:
    """The built-in course (a realistic pool of every question type)."""
    return load_course()


def choice_q(qid: str = "c", lesson: str = "l1") -> ChoiceQuestion:
    return ChoiceQuestion(
        id=qid, lesson=lesson, prompt=T("Range?"), answer=0,
        choices=(Choice(T("(0, 1)")), Choice(T("(−1, 1)"), T("That is tanh.")), Choice(T("R"))),
        **COMMON,
    )


def multi_q() -> MultiQuestion:
    return MultiQuestion(
        id="m", lesson="l1", prompt=T("Select all that apply."), answers=frozenset({0, 2}),
        choices=(Choice(T("a")), Choice(T("b"), T("b is wrong because …")), Choice(T("c"))),
        **COMMON,
    )


def tf_q() -> TrueFalseQuestion:
    return TrueFalseQuestion(
        id="tf", lesson="l2", prompt=T("ReLU is smooth."), answer=False,
        feedback={True: T("It has a kink at 0.")}, **COMMON,
    )


def numeric_q() -> NumericQuestion:
    return NumericQuestion(
        id="n", lesson="l2", prompt=T("σ(2)?"), answer=0.8807970779778823, tolerance=0.001,
        **COMMON,
    )


def plot_q() -> PlotQuestion:
    return PlotQuestion(
        id="p", lesson="l1", prompt=T("Which?"),
        plot=PlotSpec("elu", {"alpha": 1.0}, "value", (-4.0, 3.0)),
        choices=("relu", "elu", "softplus"), answer=1, **COMMON,
    )


def generated_q() -> GeneratedQuestion:
    return GeneratedQuestion(
        id="g", lesson="l2", prompt=T("Compute {f}({x}) for {name}."),
        template=GeneratedTemplate("sigmoid", "value", -4.0, 4.0, 0.5, {}, 3),
        **{**COMMON, "explanation": T("{f}({x}) = {answer}.")},
    )


# --------------------------------------------------------------------------- planning


def test_same_seed_same_quiz_order_and_generated_values(course: Course) -> None:
    first = plan_quiz(course.questions, count=25, seed=7)
    second = plan_quiz(course.questions, count=25, seed=7)
    assert [i.id for i in first.items] == [i.id for i in second.items]
    assert [i.instance for i in first.items] == [i.instance for i in second.items]
    other = plan_quiz(course.questions, count=25, seed=8)
    assert [i.id for i in other.items] != [i.id for i in first.items]


def test_seed_fixes_the_generated_values() -> None:
    gen = generated_q()
    xs = {plan_quiz([gen], count=1, seed=s).items[0].instance.x for s in range(30)}
    assert len(xs) > 3, "different seeds draw different x"
    again = [plan_quiz([gen], count=1, seed=s).items[0].instance.x for s in range(30)]
    assert again == [plan_quiz([gen], count=1, seed=s).items[0].instance.x for s in range(30)]
    item = plan_quiz([gen], count=1, seed=3).items[0]
    assert "{x}" not in item.prompt.en and "{answer}" not in item.explanation.en


def test_planning_and_showing_a_generated_prompt_leave_numpy_unloaded() -> None:
    """The first question paints without the engine's numpy; the answer loads it when read."""
    code = (
        "import sys\n"
        "from acttutor.course.loader import load_course\n"
        "from acttutor.course.quiz import plan_quiz\n"
        "course = load_course()\n"
        "gen = [q for q in course.questions if q.type == 'generated']\n"
        "plan = plan_quiz(gen, count=len(gen), seed=1)\n"
        "prompts = [item.prompt.get() for item in plan.items]\n"
        "before = 'numpy' in sys.modules\n"
        "answers = [item.instance.answer for item in plan.items]\n"
        "print(len(prompts), before, 'numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    count, before, after = out.stdout.split()
    assert int(count) >= 20 and before == "False" and after == "True"


def test_count_lessons_and_no_duplicates(course: Course) -> None:
    lesson = course.lessons[1].id
    plan = plan_quiz(course.questions, count=5, seed=1, lessons=[lesson])
    assert len(plan) == min(5, len(course.questions_for(lesson)))
    assert {i.lesson for i in plan.items} == {lesson}
    everything = plan_quiz(course.questions, count=10_000, seed=1)
    ids = [i.id for i in everything.items]
    assert len(ids) == len(set(ids)) == len(course.questions)
    assert plan_quiz(course.questions, count=0, seed=1).items == ()


def test_unseen_questions_come_before_seen_ones_and_oldest_seen_first() -> None:
    questions = [choice_q(f"q{i}") for i in range(6)]
    now = datetime(2026, 1, 10, tzinfo=timezone.utc)
    last_seen = {"q0": now, "q1": now - timedelta(days=5), "q2": now - timedelta(days=1)}
    plan = plan_quiz(questions, count=4, seed=2, last_seen=last_seen)
    assert {i.id for i in plan.items} == {"q3", "q4", "q5", "q1"}
    plan = plan_quiz(questions, count=5, seed=2, last_seen=last_seen)
    assert {i.id for i in plan.items} == {"q3", "q4", "q5", "q1", "q2"}


def test_review_asks_due_questions_first_in_the_stores_order() -> None:
    questions = [choice_q(f"q{i}") for i in range(8)]
    plan = plan_quiz(questions, count=5, seed=4, due_ids=["q6", "q2", "gone"], review=True)
    assert plan.kind == "review"
    assert [i.id for i in plan.items[:2]] == ["q6", "q2"]
    assert [i.due for i in plan.items] == [True, True, False, False, False]
    assert plan.due == 2
    assert len({i.id for i in plan.items}) == 5
    nothing = plan_quiz(questions, count=5, seed=4, due_ids=[], review=True)
    assert nothing.due == 0
    normal = plan_quiz(questions, count=5, seed=4, due_ids=["q6"])
    assert normal.kind == "quiz" and normal.due == 0


def test_retry_plan_keeps_the_drawn_values() -> None:
    item = plan_quiz([generated_q()], count=1, seed=5).items[0]
    retry = retry_plan([item])
    assert retry.kind == "mistakes"
    assert retry.items[0].instance == item.instance


# --------------------------------------------------------------------------- grading


def test_choice_right_wrong_and_misconception() -> None:
    item = QuizItem(choice_q())
    right = grade_item(item, 0)
    assert right.correct and right.answer_text == "1" and right.feedback == ()
    wrong = grade_item(item, 1)
    assert not wrong.correct and wrong.answer_text == "2"
    assert [f.en for f in wrong.feedback] == ["That is tanh."]
    assert correct_answer(item).en == "1. (0, 1)"
    assert grade_item(item, 2).feedback == ()
    with pytest.raises(ValueError):
        grade_item(item, 3)


def test_multi_needs_exactly_the_right_set() -> None:
    item = QuizItem(multi_q())
    assert grade_item(item, frozenset({0, 2})).correct
    partial = grade_item(item, frozenset({0}))
    assert not partial.correct and partial.feedback == ()
    extra = grade_item(item, frozenset({0, 1, 2}))
    assert not extra.correct and extra.answer_text == "1,2,3"
    assert [f.en for f in extra.feedback] == ["b is wrong because …"]
    assert correct_answer(item).en == "1. a; 3. c"


def test_truefalse_with_feedback_for_the_wrong_value() -> None:
    item = QuizItem(tf_q())
    assert grade_item(item, False).correct
    wrong = grade_item(item, True)
    assert not wrong.correct and wrong.answer_text == "true"
    assert [f.en for f in wrong.feedback] == ["It has a kink at 0."]
    assert correct_answer(item).en == "False"
    assert choice_texts(item)[0].en == "True"


def test_numeric_uses_the_answer_syntax_and_tolerance() -> None:
    item = QuizItem(numeric_q())
    assert grade_item(item, "0.881").correct
    assert grade_item(item, " 1/(1+e^-2) ").correct
    wrong = grade_item(item, "0.87")
    assert not wrong.correct and wrong.value == pytest.approx(0.87)
    assert correct_answer(item).en == "0.881"
    assert answer_decimals(item) == 3
    for text in ("abc", "1/0", ""):
        with pytest.raises(NumberParseError):
            grade_item(item, text)


def test_numeric_unit_is_shown_with_the_answer() -> None:
    item = QuizItem(replace(numeric_q(), unit=T("ms")))
    assert correct_answer(item).en == "0.881 ms"


def test_plot_names_choices_by_display_name() -> None:
    item = QuizItem(plot_q())
    assert [t.en for t in choice_texts(item)] == ["ReLU", "ELU", "Softplus"]
    assert grade_item(item, 1).correct
    assert not grade_item(item, 0).correct
    assert correct_answer(item).en == "2. ELU"


def test_generated_is_graded_against_its_drawn_value() -> None:
    item = plan_quiz([generated_q()], count=1, seed=11).items[0]
    instance = item.instance
    assert instance is not None
    assert grade_item(item, f"{instance.answer:.3f}").correct
    assert not grade_item(item, f"{instance.answer + 0.01:.3f}").correct
    assert correct_answer(item).en == f"{instance.answer:.3f}".replace("-", "\u2212")
    with pytest.raises(ValueError):
        grade_item(QuizItem(generated_q()), "0.5")


def test_translated_choice_answer_falls_back_to_english() -> None:
    q = replace(choice_q(), choices=(Choice(LocalText({"en": "yes", "ko": "예"})), Choice(T("no"))))
    answer = correct_answer(QuizItem(q))
    assert answer.get("ko") == "1. 예" and answer.get("en") == "1. yes"


# --------------------------------------------------------------------------- tally


def test_tally_per_lesson_in_course_order() -> None:
    def outcome(q, ok: bool) -> Outcome:
        return Outcome(QuizItem(q), Verdict(ok, "", T("")), 100)

    rows = tally(
        [outcome(tf_q(), True), outcome(choice_q(), False), outcome(numeric_q(), False),
         outcome(multi_q(), True)],
        lesson_order=["l1", "l2"],
    )
    assert [(r.lesson, r.answered, r.correct) for r in rows] == [("l1", 2, 1), ("l2", 2, 1)]
    assert rows[0].accuracy == 0.5
    assert tally([]) == ()


def test_an_answer_asked_to_d_decimals_is_shown_with_d_decimals() -> None:
    from acttutor.course.loader import load_course
    from acttutor.course.quiz import QuizItem, correct_answer

    question = load_course().question("initialisation-relu-ten-layers")
    assert correct_answer(QuizItem(question=question, instance=None)).get("en") == "0.000977"
