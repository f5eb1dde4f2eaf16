"""Queries the ORM writes once per process and runs again with new values.

Building and compiling a queryset costs Django far more Python than the database spends running
the SQL: on the article page, about 14 of 20 ms went to building and compiling five queries
whose shape never changes, only their values (the slug, the article's date, its tags), and
1.5 ms to running them. `Prepared` builds such a queryset once per process, with `Slot`s where
the values go, keeps the SQL the ORM compiled, and on each call binds the values and makes the
model instances as the queryset itself would (select_related objects and annotations included).

The queryset is still written with the ORM and its queryset methods (`published()` included),
so the SQL is the ORM's; only the work of writing it again on every request is saved.
"""

import itertools
import re
import weakref

from django.db import connections
from django.db.models import DateTimeField, Expression
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators


class Slot(Expression):
    """A value bound when a prepared query runs: `Slot("slug", SlugField())`."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        # The slot itself stands in the parameters, to be replaced by its value.
        return "%s", (self,)


def time_slot():
    """A `Slot` named "now" for the current time, as `published(now=…)` takes it."""
    return Slot("now", DateTimeField())


# A placeholder in the SQL the ORM writes, or a literal percent sign (written doubled).
PLACEHOLDER = re.compile(r"%%|%s")


def _named(sql):
    """`sql` with its placeholders named in order, `%(p0)s`, `%(p1)s`…, and their names.

    SQLite's cursor wrapper turns `%s` into `?` with a regular expression over the whole SQL
    on every call (0.1 ms for the article page's five queries, a few thousand characters
    each), and named placeholders with Python's string formatting (0.01 ms).
    """
    count = itertools.count()
    named = PLACEHOLDER.sub(lambda m: m[0] if m[0] == "%%" else f"%(p{next(count)})s", sql)
    return named, [f"p{i}" for i in range(next(count))]


class _Compiled:
    def __init__(self, queryset):
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        self.sql, names = _named(sql)
        # Each slot's value is made ready for the database once per call, however often the SQL
        # reads it (the article page's neighbours read its date six times).
        self.slots = {}
        for param in params:
            if isinstance(param, Slot):
                field = self.slots.setdefault(param.name, param.output_field)
                if type(field) is not type(param.output_field):
                    raise TypeError(f"The slot {param.name!r} is read as two kinds of value.")
        self.params = [
            (name, param.name if isinstance(param, Slot) else None, param)
            for name, param in zip(names, params, strict=True)
        ]
        self.alias = queryset.db
        self.compiler = compiler
        klass_info = compiler.klass_info
        # A `values_list()` queryset makes no model instances: its rows are returned as tuples.
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise TypeError("A prepared query gives model instances or values_list() tuples.")
        self.model = None if queryset._iterable_class is ValuesListIterable else klass_info["model"]
        if self.model is not None:
            fields = klass_info["select_fields"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.init_list = [
                column[0].target.attname for column in compiler.select[self.start : self.end]
            ]
            self.related_populators = get_related_populators(
                klass_info, compiler.select, self.alias
            )
            self.annotations = list(compiler.annotation_col_map.items())
        # Columns the SQL selects only to order by them are cut from each row, as Django does.
        self.width = compiler.col_count if compiler.has_extra_select else None
        # What turns each column's value into Python (dates on SQLite), per connection: asking
        # the compiler for them on every call was a sixth of a call's time.
        self._converters = weakref.WeakKeyDictionary()

    def converters(self, connection):
        converters = self._converters.get(connection)
        if converters is None:
            # A shallow copy; not copy.copy(), which django-cte's compilers (used by search)
            # answer with a new, empty compiler of their class.
            compiler = object.__new__(type(self.compiler))
            compiler.__dict__.update(self.compiler.__dict__)
            compiler.connection = connection
            columns = [column[0] for column in compiler.select[: compiler.col_count]]
            converters = list(compiler.get_converters(columns).items())
            self._converters[connection] = converters
        return converters

    def run(self, values):
        connection = connections[self.alias]
        ready = {
            slot: field.get_db_prep_value(values[slot], connection)
            for slot, field in self.slots.items()
        }
        params = {name: param if slot is None else ready[slot] for name, slot, param in self.params}
        # What the compiler's execute_sql() and results_iter() do with these rows, without
        # their set-up on every call (a compiler copied, generators chained per row): the SQL
        # runs through the connection's cursor like any query, so it is logged and counted.
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        converters = self.converters(connection)
        if self.width is None and not converters:
            return rows if self.model is None else [self.instance(row) for row in rows]
        # One pass, so that no second list of every row is kept alive (and walked by the
        # garbage collector) beside the first.
        convert = self.convert_row
        if self.model is None:
            return [tuple(convert(row, converters, connection)) for row in rows]
        return [self.instance(convert(row, converters, connection)) for row in rows]

    def convert_row(self, row, converters, connection):
        row = list(row[: self.width] if self.width is not None else row)
        for position, (functions, expression) in converters:
            value = row[position]
            for convert in functions:
                value = convert(value, expression, connection)
            row[position] = value
        return row

    def instance(self, row):
        """The model instance of a row, as Django's ModelIterable makes it: the model, its
        select_related objects, the annotations."""
        obj = self.model.from_db(self.alias, self.init_list, row[self.start : self.end])
        for populator in self.related_populators:
            populator.populate(row, obj)
        for name, position in self.annotations:
            setattr(obj, name, row[position])
        return obj


class Prepared:
    """`build(*shape)` returns a queryset with a `Slot` for each value that changes from call to
    call; `prepared(*shape, **values)` returns the model instances it selects with those values.

    `shape` is what changes the SQL itself, such as how many tags an article has: each shape is
    built and compiled once per process. Anything else `build` reads, such as the time, is fixed
    at the first call; that is why `published()` takes the time as a value. Where readers'
    input decides the shape (a search's words), `keep` bounds how many shapes are kept; the
    others are compiled for each call, as the queryset itself would be.

    A `values_list()` queryset gives its rows as tuples.
    """

    def __init__(self, build, keep=None):
        self.build = build
        self.keep = keep
        self._compiled = {}

    def __call__(self, *shape, **values):
        compiled = self._compiled.get(shape)
        if compiled is None:
            compiled = _Compiled(self.build(*shape))
            if self.keep is None or len(self._compiled) < self.keep:
                self._compiled[shape] = compiled
        return compiled.run(values)

    def first(self, *shape, **values):
        """The first of the rows or instances, or None when there are none (a lookup by slug)."""
        found = self(*shape, **values)
        return found[0] if found else None
