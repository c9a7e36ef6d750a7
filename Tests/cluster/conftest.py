"""Settings of the cluster suite (see test_three_processes.py for the contract) and the lines
it reports at the end of a run, whatever pytest's output capture."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# The helpers that start vton are shared with the other Python suites.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))

from cluster_support import REPORT, BlobStore  # noqa: E402


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get("VTON_TEST_POSTGRES_URL")
    if not url:
        pytest.fail("VTON_TEST_POSTGRES_URL is not set: run the suite through scripts/test-postgres.sh run …")
    return url


@pytest.fixture(scope="module")
def blob_store(tmp_path_factory) -> BlobStore:
    """The store the processes share, chosen by VTON_TEST_CLUSTER_STORAGE."""
    kind = os.environ.get("VTON_TEST_CLUSTER_STORAGE") or ("s3" if os.environ.get("VTON_TEST_S3_URL") else "files")
    if kind == "files":
        return BlobStore("files", data_directory=tmp_path_factory.mktemp("shared-data"))
    if kind != "s3":
        pytest.fail(f"VTON_TEST_CLUSTER_STORAGE={kind}: must be s3 or files")
    url, endpoint = os.environ.get("VTON_TEST_S3_URL"), os.environ.get("VTON_TEST_S3_ENDPOINT")
    if not url or not endpoint:
        pytest.fail("VTON_TEST_CLUSTER_STORAGE=s3 needs VTON_TEST_S3_URL and VTON_TEST_S3_ENDPOINT: run it through scripts/test-s3.sh run …")
    bucket = url.removeprefix("s3://").split("/", 1)[0]
    prefix = f"cluster-{os.getpid()}-{os.urandom(4).hex()}"
    return BlobStore("s3", endpoint=endpoint, bucket=bucket, prefix=prefix, settings={
        "VTON_STORAGE_URL": f"s3://{bucket}/{prefix}", "VTON_S3_ENDPOINT": endpoint,
        "VTON_S3_ACCESS_KEY_ID": "testing", "VTON_S3_SECRET_ACCESS_KEY": "testing",
    })


def pytest_terminal_summary(terminalreporter) -> None:
    if REPORT:
        terminalreporter.section("cluster run")
        for line in REPORT:
            terminalreporter.write_line(line)
