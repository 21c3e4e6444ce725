"""What every command shares: the app, the consoles, one-line errors, the store, the progress bar.

The command modules import the web app, the store, its drivers and the domain services inside the
commands that use them, not at the top: deliberately, not to hide a cycle, so that `jumys --help` and
every command pay only for what they run (tests/test_cli_startup.py, bench/startup.py). Each such
import says `# deferred: CLI start-up time`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from jumys.access.principal import Principal
from jumys.cli import messages as M
from jumys.cli.forward import CallerConsole, forward_if_served, served_engine
from jumys.errors import JumysError

if TYPE_CHECKING:
    import sqlalchemy as sa

app = typer.Typer(
    help="Jumys: the labour market seen through its registries.", no_args_is_help=True, add_completion=False
)
db_app = typer.Typer(help="The store: schema revisions and integrity.", no_args_is_help=True)
app.add_typer(db_app, name="db")

out = CallerConsole()
err = CallerConsole(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def friendly(fn: F) -> F:
    """Turn a JumysError into one line on stderr and exit code 2; never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except JumysError as e:
            err.print(f"[red]error:[/red] {e.message}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted: nothing was applied by the unfinished step")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as e:
            if os.environ.get("JUMYS_DEBUG"):
                raise
            err.print(
                f"[red]internal error[/red] ({type(e).__name__}): "
                f"{str(e).splitlines()[0] if str(e) else ''}. "
                "Nothing was applied by the failed step; run with JUMYS_DEBUG=1 for details.",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def store() -> sa.Engine:
    """The configured store, upgraded to the newest schema revision.

    When a live `jumys serve` owns the embedded store, the command is run by it instead and this
    process exits with its code (jumys/cli/forward.py); within the server, its own engine.
    """
    engine = served_engine()
    if engine is not None:
        return engine
    from jumys.config import get_settings  # deferred: CLI start-up time
    from jumys.storage.engine import make_engine
    from jumys.storage.revisions import upgrade

    settings = get_settings()
    forward_if_served(settings, width=out.width, colours=out.is_terminal and err.is_terminal)
    engine = make_engine(settings=settings)
    try:
        upgrade(engine)
    except Exception as e:
        raise_if_locked(e, settings.duckdb_path)
        raise
    return engine


def raise_if_locked(e: BaseException, path: object) -> None:
    """Raise the store-locked message when e is DuckDB refusing a file another process holds."""
    text = str(e)
    if "Could not set lock on file" in text:
        pid = re.search(r"\(PID (\d+)\)", text)
        raise JumysError(M.STORE_LOCKED, path=str(path), pid=pid.group(1) if pid else "?") from None


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar driven by (step, done, total) callbacks."""
    if not enabled or not err.is_terminal:  # a bar only where a person watches; logs get the result alone
        yield lambda _s, _d, _t: None
        return
    with Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=1)

        def tick(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        yield tick


def parse_as_of(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise JumysError(M.AS_OF_NOT_A_DATE, value=value) from None


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def cli_principal() -> Principal:
    """The person at the command line, as the audit log names them."""
    return Principal(username=f"cli:{getpass.getuser()}"[:64], role="ministry", via="cli")
