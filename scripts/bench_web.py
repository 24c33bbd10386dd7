"""The web half of scripts/bench.py, run in a process of its own.

Everything is reached through URLs, with Django's test client (in-process, no
network), so the figures do not depend on how the code behind them is laid
out:

- the final submission (POST /offer/check-answers/) against the minimal form
  POST saving one row (scripts/minimal_post.py, which the load test shares),
  interleaved run by run on the same database: CPU time
  (``time.process_time``) and wall time, and the submission's queries;
- the home page (GET /) and the admin offer page (GET
  /admin/eoi/offer/<id>/change/): their queries;
- the queue (/admin/eoi/offer/), the queue with a search (``?q=`` a
  reference), the staff dashboard (/staff/dashboard/) and its CSV
  (/staff/dashboard.csv) at a small and a large number of offers, wall time.

On PostgreSQL the two sizes live in two databases (the test database, and a
copy of it named after it with ``_large``, grown to the large size), and
each page is requested at one size then the other, run by run, so that a
busy moment of the machine falls on both; on SQLite one size is measured
after the other.

The offers beyond those submitted through the journey are copies of them
(every concrete column, with a new reference, a status, a day and a
priority of their own, and a copy of the latest screening) made with
``bulk_create`` in batches; their creation is timed apart and not counted.
The offer's latest cohorts come with its columns, which the dashboard counts.

``python scripts/bench_web.py RUNS STAFF_RUNS SIZE...`` prints a table, then
one JSON line with the figures (read by scripts/bench.py).
"""

import datetime
import json
import os
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

BENCH_URLCONF = "bench_urls"
BATCH = 2000


def _bench_urlconf():
    """The portal's URLs plus the minimal POST (scripts/minimal_post.py)."""
    from leicester_sl import urls as portal_urls
    from minimal_post import urlpatterns_with_minimal_post

    module = types.ModuleType(BENCH_URLCONF)
    module.urlpatterns = urlpatterns_with_minimal_post(portal_urls.urlpatterns)
    sys.modules[BENCH_URLCONF] = module


def _setup(tmp: str) -> None:
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "leicester_sl.settings.base"
    os.environ["LEICESTER_SL_VAR_DIR"] = tmp
    os.environ["DJANGO_MEDIA_ROOT"] = f"{tmp}/media"
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    os.environ.pop("CACHE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings

    settings.EOI_RATE_LIMITS = {group: "1000000/m" for group in settings.EOI_RATE_LIMITS}
    _bench_urlconf()
    settings.ROOT_URLCONF = BENCH_URLCONF


def _measure(call):
    """(CPU ms, wall ms, result) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = call()
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000, result


def _prepared_client():
    """A test client with a draft whose every step is answered (untimed)."""
    from django.test import Client

    from tests.eoi.journey_answers import answer_all

    client = Client()
    response = client.post("/offer/")
    assert response.status_code == 302, response.status_code
    answer_all(client, "accommodation")
    return client


def _submit(client):
    response = client.post("/offer/check-answers/")
    assert response.status_code == 302, response.status_code
    assert response.url.startswith("/offer/sent/"), response.url
    return response


def submission(runs: int) -> dict:
    """The final submission against the minimal POST, interleaved run by run."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from minimal_post import PATH as MINIMAL_POST

    minimal_client = Client()
    submit_cpu, submit_wall, minimal_cpu, minimal_wall = [], [], [], []
    for number in range(runs + 1):  # the first of each is a warm-up
        client = _prepared_client()
        cpu, wall, _ = _measure(lambda: _submit(client))
        cpu_min, wall_min, response = _measure(
            lambda: minimal_client.post(MINIMAL_POST, {"name": f"bench {number}"})
        )
        assert response.status_code == 302, response.status_code
        if number:
            submit_cpu.append(cpu)
            submit_wall.append(wall)
            minimal_cpu.append(cpu_min)
            minimal_wall.append(wall_min)
    # The queries of one more submission, apart (capturing them costs time).
    client = _prepared_client()
    with CaptureQueriesContext(connection) as submit_queries:
        _submit(client)
    with CaptureQueriesContext(connection) as minimal_queries:
        minimal_client.post(MINIMAL_POST, {"name": "bench queries"})
    return {
        "submission_cpu_ms": statistics.median(submit_cpu),
        "submission_wall_ms": statistics.median(submit_wall),
        "minimal_post_cpu_ms": statistics.median(minimal_cpu),
        "minimal_post_wall_ms": statistics.median(minimal_wall),
        "submission_cpu_ratio": statistics.median(submit_cpu) / statistics.median(minimal_cpu),
        "submission_wall_ratio": statistics.median(submit_wall) / statistics.median(minimal_wall),
        "submission_queries": len(submit_queries),
        "minimal_post_queries": len(minimal_queries),
    }


def _queries(client, url: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured]


def _query_count(client, url: str) -> int:
    return len(_queries(client, url))


def home_page(client) -> dict:
    """The home page's queries, and how many of them repeat an earlier one."""
    queries = _queries(client, "/")
    return {
        "home_page_queries": len(queries),
        "home_page_repeated_queries": len(queries) - len(set(queries)),
    }


def copy_offers(count: int, number_from: int) -> None:
    """``count`` more offers, copies of those sent through the journey.

    Every concrete column is copied, so new fields come along; each copy gets
    its own reference, status, day and priority, and a copy of its model's
    latest screening, so the staff pages have something to count.
    """
    from django.db import transaction

    from eoi.models import Offer, Screening

    models = list(Offer.objects.filter(source=Offer.Source.WEB).order_by("pk")[:5])
    screenings = {s.offer_id: s for s in Screening.objects.filter(offer__in=models).order_by("pk")}
    statuses = [value for value, _label in Offer._meta.get_field("status").choices]
    offer_fields = [f for f in Offer._meta.concrete_fields if not f.primary_key]
    screening_fields = [
        f for f in Screening._meta.concrete_fields if not f.primary_key and f.name != "offer"
    ]
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    made = 0
    while made < count:
        batch = []
        for number in range(number_from + made, number_from + min(count, made + BATCH)):
            model = models[number % len(models)]
            values = {f.attname: getattr(model, f.attname) for f in offer_fields}
            day = start + datetime.timedelta(hours=7 * number % (24 * 700))
            values.update(
                reference=f"EOI-2025-{number:06d}",
                source=Offer.Source.IMPORT,
                status=statuses[number % len(statuses)],
                submitted_at=day,
                status_changed_at=day,
                priority=number % 101,
            )
            batch.append(Offer(**values))
        with transaction.atomic():
            created = Offer.objects.bulk_create(batch)
            copies = []
            for offer in created:
                screening = screenings.get(models[int(offer.reference[-6:]) % len(models)].pk)
                if screening is not None:
                    copies.append(
                        Screening(
                            offer_id=offer.pk,
                            **{f.attname: getattr(screening, f.attname) for f in screening_fields},
                        )
                    )
            Screening.objects.bulk_create(copies)
        made += len(batch)


def _analyze() -> None:
    """The state autovacuum gives a table some time after a bulk load: planner
    statistics, and the visibility map that lets a count read an index only."""
    from django.db import connection

    with connection.cursor() as cursor:
        # PostgreSQL's VACUUM ANALYZE: maintenance the ORM has no call for.
        cursor.execute("VACUUM ANALYZE")


def staff_pages(client, runs: int, references: dict[int, str], use=None) -> dict[int, dict]:
    """Median wall ms of each staff page at each size, requested in turn ``runs`` times.

    ``use(size)`` switches to the database holding that many offers (untimed).
    """
    pages = {
        "queue": "/admin/eoi/offer/",
        "queue_search": "/admin/eoi/offer/?q={reference}",
        "dashboard": "/staff/dashboard/",
        "dashboard_csv": "/staff/dashboard.csv",
    }
    timings = {size: {name: [] for name in pages} for size in references}
    for number in range(runs + 1):
        for name, url in pages.items():
            for size, reference in references.items():
                if use is not None:
                    use(size)
                _cpu, wall, response = _measure(lambda: client.get(url.format(reference=reference)))
                assert response.status_code == 200, (url, response.status_code)
                if number:
                    timings[size][name].append(wall)
    return {
        size: {name: statistics.median(values) for name, values in by_name.items()}
        for size, by_name in timings.items()
    }


def _middle_reference() -> str:
    """A reference from the middle of the offers: the search finds one offer."""
    from eoi.models import Offer

    references = Offer.objects.order_by("reference").values_list("reference", flat=True)
    return references[Offer.objects.count() // 2]


def _server_run(*statements: str) -> None:
    """Statements run on the server's ``postgres`` database, outside any
    transaction: databases made and dropped are not the ORM's to do."""
    import psycopg2
    from django.db import connection

    connection.close()
    settings = connection.settings_dict
    server = psycopg2.connect(
        dbname="postgres",
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            for statement in statements:
                # CREATE and DROP DATABASE: PostgreSQL's, which the ORM lacks.
                cursor.execute(statement)
    finally:
        server.close()


def _database_copy(source: str, copy: str) -> None:
    """A PostgreSQL database made from another (which nobody may be connected to)."""
    _server_run(
        f'DROP DATABASE IF EXISTS "{copy}"', f'CREATE DATABASE "{copy}" TEMPLATE "{source}"'
    )


def _database_drop(name: str) -> None:
    _server_run(f'DROP DATABASE IF EXISTS "{name}"')


def _database_use(name: str) -> None:
    """Connect to another database of the same server, before the timing starts."""
    from django.db import connection

    if connection.settings_dict["NAME"] != name:
        connection.close()
        connection.settings_dict["NAME"] = name
    connection.ensure_connection()


def _size_name(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def main(runs: int, staff_runs: int, sizes: list[int]) -> dict:
    tmp = tempfile.TemporaryDirectory()
    _setup(tmp.name)
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    creation = connection.creation
    test_db = creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("loaddata", "strategy", verbosity=0)
        from eoi.models import Offer
        from eoi.roles import COMMISSIONERS
        from tests.eoi.factories import staff

        print(
            f"database: {connection.vendor} ({test_db}); Django {django.get_version()}; "
            f"Celery broker memory://, eager off; {runs} runs each",
            flush=True,
        )
        figures = {"database": connection.vendor, "runs": runs}
        by_size = {}
        figures.update(submission(runs))
        figures.update(home_page(Client()))

        commissioner = Client()
        commissioner.force_login(staff("bench", COMMISSIONERS))
        offer = Offer.objects.filter(source=Offer.Source.WEB).order_by("pk").first()
        figures["offer_page_queries"] = _query_count(
            commissioner, f"/admin/eoi/offer/{offer.pk}/change/"
        )
        figures["queue_queries"] = _query_count(commissioner, "/admin/eoi/offer/")

        small, large = min(sizes), max(sizes)
        references, made = {}, 0
        for size in (small, large):
            if size == large and connection.vendor == "postgresql":
                _database_copy(test_db, f"{test_db}_large")
                _database_use(f"{test_db}_large")
            started = time.perf_counter()
            missing = size - Offer.objects.count()
            if missing > 0:
                copy_offers(missing, made)
                made += missing
            if connection.vendor == "postgresql":
                _analyze()
            figures[f"offers_created_s_{_size_name(size)}"] = round(
                time.perf_counter() - started, 1
            )
            references[size] = _middle_reference()
            if connection.vendor != "postgresql":  # one database: one size after the other
                by_size[size] = staff_pages(commissioner, staff_runs, {size: references[size]})[
                    size
                ]
        if connection.vendor == "postgresql":  # two databases: the sizes in turn
            databases = {small: test_db, large: f"{test_db}_large"}
            by_size = staff_pages(
                commissioner,
                staff_runs,
                references,
                use=lambda size: _database_use(databases[size]),
            )
            _database_use(test_db)
        for size in (small, large):
            print(
                f"{size:>8} offers (made in {figures[f'offers_created_s_{_size_name(size)}']} s, "
                "untimed): "
                + ", ".join(f"{name} {ms:.1f} ms" for name, ms in by_size[size].items()),
                flush=True,
            )
        for name in by_size[small]:
            for size in (small, large):
                figures[f"{name}_ms_{_size_name(size)}"] = by_size[size][name]
            key = f"{name}_{_size_name(large)}_over_{_size_name(small)}"
            figures[key] = by_size[large][name] / by_size[small][name]
        return figures
    finally:
        if connection.vendor == "postgresql":
            _database_use(test_db)
            _database_drop(f"{test_db}_large")
        creation.destroy_test_db(test_db, verbosity=0)
        tmp.cleanup()


if __name__ == "__main__":
    result = main(int(sys.argv[1]), int(sys.argv[2]), [int(size) for size in sys.argv[3:]])
    print(json.dumps(result))
