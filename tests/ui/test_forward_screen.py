"""The forward-pass room through Textual's pilot: stepping, predict, edit, backward, collapse."""

from __future__ import annotations

from textual.widgets import Input, Select

from acttutor.app import StartForward, make_app
from acttutor.core.network import (
    default_input,
    default_network,
    default_target,
    format_array,
    gradients,
)
from acttutor.screens.forward import ForwardScreen
from acttutor.screens.home import HomeScreen
from acttutor.widgets.network_editor import NetworkEditor
from acttutor.widgets.network_view import NetworkView
from acttutor.widgets.step_view import CollapseView, StepCard, StepHistory

SIZE = (100, 32)


def plain(widget) -> str:
    """What a Static-like widget shows, as plain text."""
    return str(widget.render())


def card(screen: ForwardScreen) -> str:
    return plain(screen.query_one(StepCard))


def diagram(screen: ForwardScreen) -> str:
    return plain(screen.query_one(NetworkView))


def history(screen: ForwardScreen) -> str:
    return plain(screen.query_one(StepHistory).query_one("#history-lines"))


def output_row(screen: ForwardScreen) -> str:
    """The diagram row of hidden/output unit 1 (it holds ŷ)."""
    return diagram(screen).splitlines()[2]


def forward_app(course, store):
    return make_app(course=course, store=store, start=StartForward())


async def open_forward(pilot) -> ForwardScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ForwardScreen)
    return screen


async def test_steps_forward_to_the_output_back_and_restart(course, store) -> None:
    async with forward_app(course, store).run_test(size=SIZE) as pilot:
        screen = await open_forward(pilot)
        assert "Ready" in card(screen)
        assert "0.9975" not in diagram(screen)
        await pilot.press("right")
        assert "[[1, −2], [1, 5]]·[2, 0] = [2, 2]" in card(screen)  # brackets shown literally
        await pilot.press("right", "space")
        assert screen.position == 3
        assert "Step 3 of 6" in card(screen)
        assert "h = relu(z₁)" in card(screen)
        assert "[max(0, −1), max(0, 2)] = [0, 2]" in card(screen)
        # The inactive unit is flagged in the card and beside its value in the diagram, and it is
        # not called dead: one input cannot show that a unit is off for every input.
        assert "unit 1 is inactive for this input" in card(screen)
        assert "unit 1 is dead" not in card(screen)
        assert " off" in output_row(screen)
        await pilot.press("right", "right", "right")
        assert "Step 6 of 6" in card(screen)
        assert "ŷ = σ(z₂)" in card(screen)
        assert "ŷ = σ(6) ≈ 0.9975" in card(screen)
        assert output_row(screen).rstrip().endswith("0.9975")
        assert len(history(screen).splitlines()) == 6
        assert screen.check_action("next", ()) is None  # greyed out at the end
        await pilot.press("right")
        assert screen.position == 6
        await pilot.press("left")
        assert "Step 5 of 6" in card(screen)
        assert "0.9975" not in diagram(screen)
        assert "z₂ = W₂·h + b₂" in card(screen)
        assert len(history(screen).splitlines()) == 5
        assert "W₁ = [[1, −2], [1, 5]]" in plain(screen.query_one("#fw-weights"))
        await pilot.press("r")
        assert screen.position == 0
        assert "Ready" in card(screen)
        assert "No steps yet" in history(screen)
        assert " off" not in diagram(screen)
        assert screen.check_action("previous", ()) is None


async def test_predict_mode_right_wrong_and_unreadable(course, store) -> None:
    async with forward_app(course, store).run_test(size=SIZE) as pilot:
        screen = await open_forward(pilot)
        await pilot.press("p")
        await pilot.pause()
        field = screen.query_one("#predict-input", Input)
        assert screen.focused is field
        assert "?" in diagram(screen)  # the value being predicted
        feedback = screen.query_one("#predict-feedback")

        await pilot.press(*"2, 2", "enter")  # W1·x = [2, 2]
        assert screen.position == 1
        assert "✓ Right" in plain(feedback)

        await pilot.press(*"1, 2", "enter")  # z1 is [−1, 2]
        assert screen.position == 2
        text = plain(feedback)
        assert "✗ Not quite" in text and "z₁ = [−1, 2]" in text and "entry 1" in text

        await pilot.press(*"abc", "enter")  # h: not a number
        assert screen.position == 2, "an unreadable answer does not reveal the step"
        text = plain(feedback)
        assert "not counted" in text and "'abc' is not a number" in text
        assert screen.score == (1, 2), "an unreadable answer is not counted wrong"
        assert field.value == "abc", "the learner can fix the typo"

        field.value = ""
        await pilot.press(*"0, 2", "enter")  # h = [0, 2]
        assert screen.score == (2, 3)
        await pilot.press("enter", "enter")  # reveal W2·h and z2 without predicting
        assert screen.score == (2, 3)
        await pilot.press(*"0.998", "enter")  # σ(6) = 0.99753: right to 3 significant digits
        assert screen.score == (3, 4)
        assert "✓ Right" in plain(feedback)
        assert "2 of 3" not in history(screen)
        assert history(screen).count("✓") == 3 and history(screen).count("✗") == 1
        assert "3 of 4 right" in card(screen)

        await pilot.press("left")  # back, and predict σ(6) again as 1: too rough
        field.focus()
        await pilot.press("1", "enter")
        assert screen.score == (2, 4)
        assert "ŷ ≈ [0.9975]" in plain(feedback) and "✗" in plain(feedback)


async def apply_edit(pilot, screen: ForwardScreen, field: str, text: str) -> NetworkEditor:
    editor = screen.query_one(NetworkEditor)
    target = editor.field(field)
    target.focus()
    target.value = text
    await pilot.press("enter")
    await pilot.pause()
    return editor


async def test_editing_explains_bad_input_and_keeps_the_old_value(course, store) -> None:
    async with forward_app(course, store).run_test(size=SIZE) as pilot:
        screen = await open_forward(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert screen.editing
        editor = screen.query_one(NetworkEditor)
        assert editor.field("W1").value == "1, -2; 1, 5"

        await apply_edit(pilot, screen, "W1", "1, abc; 1, 5")
        message = editor.error_text("W1")
        assert "W₁ row 1, column 2" in message and "'abc' is not a number" in message
        assert "W₁ stays [[1, −2], [1, 5]]" in message
        assert screen.network == default_network()
        assert screen.editing, "the editor stays open to fix the entry"

        editor.field("W1").value = "1, -2; 1, 5"
        await apply_edit(pilot, screen, "x", "2, inf")
        message = editor.error_text("x")
        assert "x entry 2 is 'inf'" in message and "finite" in message
        assert editor.error_text("W1") == "", "a fixed field loses its message"
        assert list(screen.x) == [2.0, 0.0]

        editor.field("x").value = "2, 0"
        await apply_edit(pilot, screen, "b1", "nan, 0")
        assert "nan" in editor.error_text("b1") and "not a number" in editor.error_text("b1")

        editor.field("b1").value = "-3, 0"
        await apply_edit(pilot, screen, "W2", "1, 3, 5")
        message = editor.error_text("W2")
        assert "W₂ has 3 columns but the hidden layer has 2 units" in message
        assert screen.network == default_network()


async def test_a_good_edit_changes_the_result_and_restarts(course, store) -> None:
    async with forward_app(course, store).run_test(size=SIZE) as pilot:
        screen = await open_forward(pilot)
        await pilot.press("right", "right", "e")
        await pilot.pause()
        editor = screen.query_one(NetworkEditor)
        editor.query_one("#edit-hidden", Select).value = "tanh"
        await apply_edit(pilot, screen, "b2", "-6")
        assert not screen.editing
        assert screen.position == 0
        assert screen.network.hidden == "tanh"
        assert list(screen.network.b2) == [-6.0]
        assert "Tanh" in diagram(screen)
        await pilot.press(*["right"] * 6)
        # z2 = tanh(−1) + 3·tanh(2) − 6 ≈ −3.87, ŷ = σ(z2) ≈ 0.02044
        assert "ŷ = σ(−3.87) ≈ 0.02044" in card(screen)


async def test_the_hidden_activation_s_parameters_are_edited_on_screen(course, store) -> None:
    async with forward_app(course, store).run_test(size=SIZE) as pilot:
        screen = await open_forward(pilot)
        await pilot.press("e")
        await pilot.pause()
        editor = screen.query_one(NetworkEditor)
        params = editor.query_one("#edit-params", Input)
        assert params.disabled and params.placeholder == "no parameters"  # ReLU has none
        editor.query_one("#edit-hidden", Select).value = "leaky_relu"
        await pilot.pause()
        assert not params.disabled and params.value == "negative_slope=0.01"

        await apply_edit(pilot, screen, "params", "negative_slope=abc")
        assert "params negative_slope" in editor.error_text("params")
        assert "'abc' is not a number" in editor.error_text("params")
        assert screen.network == default_network(), "a bad parameter keeps the old network"
        await apply_edit(pilot, screen, "params", "slope=0.2")
        assert "no parameter 'slope'" in editor.error_text("params")
        assert "negative_slope" in editor.error_text("params")

        await apply_edit(pilot, screen, "params", "negative_slope=1/5")
        assert not screen.editing
        assert screen.network.hidden == "leaky_relu"
        assert dict(screen.network.hidden_params) == {"negative_slope": 0.2}
        await pilot.press(*["right"] * 3)
        # z1 = [−1, 2] → leaky ReLU with slope 0.2 → h = [−0.2, 2]
        assert "−0.2" in card(screen)
        await pilot.press("e")
        await pilot.pause()
        assert params.value == "negative_slope=0.2", "the editor shows the parameters in use"


async def test_escape_closes_the_editor_without_applying(course, store) -> None:
    async with forward_app(course, store).run_test(size=SIZE) as pilot:
        screen = await open_forward(pilot)
        await pilot.press("e")
        await pilot.pause()
        screen.query_one(NetworkEditor).field("x").value = "5, 5"
        await pilot.press("escape")
        assert not screen.editing
        assert list(screen.x) == [2.0, 0.0]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_backward_pass_shows_the_chain_rule_and_gradients(course, store) -> None:
    async with forward_app(course, store).run_test(size=SIZE) as pilot:
        screen = await open_forward(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert screen.query_one("#fw-backward-bar").display
        assert screen.query_one("#fw-loss", Select).value == "binary_cross_entropy"
        total = len(screen.steps)
        assert total > 6
        await pilot.press(*["right"] * 8)
        assert "Step 8 of" in card(screen)
        assert "∂L/∂z₂ = ŷ − t" in card(screen)
        assert "local derivative: σ′(z₂) cancels" in card(screen)
        view = screen.query_one(NetworkView)
        assert view.state.current == "dz2"  # the output's gradient column, now filled in
        assert "∂L/∂z₂" in str(view.render()) and "−0.002473" in str(view.render())
        screen.position = total  # jump to the end (the keys were exercised above)
        await pilot.pause()
        expected = gradients(default_network(), default_input(), default_target())
        text = card(screen)
        assert "Gradients" in text
        for name, value in (
            ("∂L/∂W₁", expected.dW1), ("∂L/∂b₁", expected.db1),
            ("∂L/∂W₂", expected.dW2), ("∂L/∂b₂", expected.db2),
        ):
            assert f"{name} ≈ {format_array(value + 0.0)}" in text
        assert "∂L/∂W₁ ≈ [[0, 0], [−0.01484, 0]]" in text
        assert "∂L/∂z₂ = ŷ − t" in history(screen)

        # A new target changes the backward pass; the forward pass stays.
        await pilot.press("t")
        target = screen.query_one("#fw-target", Input)
        assert screen.focused is target
        target.value = "0"
        await pilot.press("enter")
        assert list(screen.target) == [0.0]
        assert "t = [0]" in card(screen)
        assert "∂L/∂b₂ ≈ [0.9975]" in card(screen)

        # A target outside [0, 1] is refused and the old one stays.
        await pilot.press("t")
        target.value = "2"
        await pilot.press("enter")
        error = plain(screen.query_one("#fw-target-error"))
        assert "between 0 and 1" in error and "t stays [0]" in error
        target.value = "nan"
        await pilot.press("enter")
        error = plain(screen.query_one("#fw-target-error"))
        assert "target entry 1 is 'nan'" in error and "t stays [0]" in error
        assert list(screen.target) == [0.0]

        await pilot.press("escape", "b")
        assert screen.position == 6, "turning the backward pass off keeps the forward steps"


async def test_squared_error_loss_can_be_chosen(course, store) -> None:
    async with forward_app(course, store).run_test(size=SIZE) as pilot:
        screen = await open_forward(pilot)
        await pilot.press("b")
        await pilot.pause()
        screen.query_one("#fw-loss", Select).value = "squared_error"
        await pilot.pause()
        assert screen.loss == "squared_error"
        keys = [step.key for step in screen.steps]
        assert "dyhat" in keys  # squared error goes through σ′ explicitly
        screen.position = keys.index("dz2") + 1
        await pilot.pause()
        # σ′(6) ≈ 0.0025: with squared error the output unit is saturated, and flagged.
        assert "output 1 is saturated" in card(screen)
        assert "sat." in output_row(screen)
        screen.position = len(keys)
        await pilot.pause()
        assert "squared error" in card(screen)


async def test_no_activation_collapses_the_two_layers(course, store) -> None:
    async with forward_app(course, store).run_test(size=SIZE) as pilot:
        screen = await open_forward(pilot)
        await pilot.press("n")
        await pilot.pause()
        view = screen.query_one(CollapseView)
        assert view.display and view.region.height > 0
        text = plain(view)
        assert "W = W₂·W₁" in text and "[[4, 13]]" in text
        assert "b = W₂·b₁ + b₂" in text and "= [−3]" in text
        assert "z₂ = W·x + b" in text and "[5]" in text
        assert "✓ The same ŷ as the two-layer network with no activation" in text
        assert "With ReLU the network gives ŷ ≈ [0.9975]" in text
        # The diagram shows the network without its activation: h = z1 = [−1, 2], ŷ = σ(5).
        assert "no activation" in diagram(screen)
        assert "0.9933" in diagram(screen)
        await pilot.press("right")
        assert screen.position == 0, "stepping keys rest in the collapse view"
        await pilot.press("n")
        assert not screen.linear
        assert "ReLU" in diagram(screen)


async def test_palette_opens_the_forward_pass(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Forward pass")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ForwardScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f")  # and the home key
        await pilot.pause()
        assert isinstance(app.screen, ForwardScreen)


async def test_80_by_24_keeps_the_stepper_usable(course, store) -> None:
    async with forward_app(course, store).run_test(size=(80, 24)) as pilot:
        screen = await open_forward(pilot)
        await pilot.press("b")
        screen.position = len(screen.steps)
        await pilot.pause()
        assert "∂L/∂b₂" in card(screen)
        assert screen.query_one("#fw-card-box").max_scroll_y == 0, "the summary fits"
        await pilot.press("e")
        await pilot.pause()
        assert screen.query_one(NetworkEditor).field("x").region.height == 1
        await pilot.press("escape", "n")
        await pilot.pause()
        assert screen.query_one(CollapseView).region.height > 0


def test_snapshot_midway_through_the_forward_pass(course, store, snap_compare) -> None:
    app = forward_app(course, store)

    async def settle(pilot) -> None:
        await pilot.pause()

    assert snap_compare(
        app, press=["right", "right", "right"], terminal_size=SIZE, run_before=settle
    )
