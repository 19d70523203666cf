"""SQL expressions the analytics compute with, so that the database does the per-row work."""

from datetime import datetime
from typing import Any

from django.db.models import DateTimeField, DurationField, Expression, F, Func, IntegerField


class WindowDay(Expression):
    """Which day of a window a datetime falls on: i where `bounds[i] <= value < bounds[i + 1]`.

    Found by halving the window in a nested CASE (five comparisons for thirty
    days), for values inside the window; the caller keeps the others out.
    """

    output_field = IntegerField()

    def __init__(self, expression: str, bounds: list[datetime]) -> None:
        super().__init__()
        self.expression = F(expression)
        self.bounds = bounds

    def get_source_expressions(self) -> list[Any]:
        return [self.expression]

    def set_source_expressions(self, exprs: list[Any]) -> None:
        (self.expression,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        value_sql, value_params = compiler.compile(self.expression)
        field = DateTimeField()

        def half(low: int, high: int) -> tuple[str, list[Any]]:
            if high - low == 1:
                return str(low), []
            middle = (low + high) // 2
            below, below_params = half(low, middle)
            above, above_params = half(middle, high)
            bound = field.get_db_prep_value(self.bounds[middle], connection)
            sql = f"CASE WHEN {value_sql} < %s THEN {below} ELSE {above} END"
            return sql, [*value_params, bound, *below_params, *above_params]

        return half(0, len(self.bounds) - 1)


class Elapsed(Func):
    """`end - start` for two datetimes, exact to the microsecond, computed in SQL.

    Django's SQLite subtraction calls a Python function for every row; here SQLite
    works out the whole seconds with strftime and adds the stored microseconds
    (the text after the seconds, which Django writes as six digits or leaves out).
    """

    arity = 2
    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = DurationField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        (end, end_params), (start, start_params) = (compiler.compile(arg) for arg in self.get_source_expressions())

        def seconds(sql: str) -> str:
            return f"CAST(strftime('%%s', substr({sql}, 1, 19)) AS INTEGER)"

        def micros(sql: str) -> str:
            return f"CAST(substr({sql} || '.000000', 21, 6) AS INTEGER)"

        sql = f"(({seconds(end)} - {seconds(start)}) * 1000000 + {micros(end)} - {micros(start)})"
        return sql, [*end_params, *start_params, *end_params, *start_params]
