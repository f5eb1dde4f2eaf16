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

import copy
import weakref

from django.db import connections
from django.db.models import DateTimeField, Expression
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.models.sql.constants import MULTI


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


class _Compiled:
    def __init__(self, queryset):
        compiler = queryset.query.get_compiler(queryset.db)
        self.sql, self.params = compiler.as_sql()
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
        # What turns each column's value into Python (dates on SQLite), per connection: asking
        # the compiler for them on every call was a sixth of a call's time.
        self._converters = weakref.WeakKeyDictionary()

    def run(self, values):
        connection = connections[self.alias]
        params = [
            param.output_field.get_db_prep_value(values[param.name], connection)
            if isinstance(param, Slot)
            else param
            for param in self.params
        ]
        # The compiler of the first call, on this thread's connection, giving its SQL again
        # with these values; it reads the rows and converts their values.
        compiler = copy.copy(self.compiler)
        compiler.connection = connection
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        converters = self._converters.get(connection)
        if converters is None:
            columns = [column[0] for column in compiler.select[: compiler.col_count]]
            converters = self._converters[connection] = compiler.get_converters(columns)
        compiler.get_converters = lambda expressions: converters
        rows = compiler.results_iter(compiler.execute_sql(MULTI), tuple_expected=self.model is None)
        if self.model is None:
            return list(rows)
        objects = []
        # As Django's ModelIterable makes them: the model, its select_related objects, the
        # annotations.
        for row in rows:
            obj = self.model.from_db(self.alias, self.init_list, row[self.start : self.end])
            for populator in self.related_populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


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
