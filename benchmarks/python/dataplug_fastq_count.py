"""Python Dataplug's side of the `cli` benchmark (run by CliBench when DATAPLUG_PYTHON_VENV is set).

    python dataplug_fastq_count.py count|cold s3://bucket/reads.fq.gz

count: partition the preprocessed FASTQ.gz into 8 read batches and count reads and bases on 2
worker processes; cold: preprocess first (gztool index), then the same. The S3 endpoint and keys
come from the AWS_* environment variables the harness sets. Prints one line: reads bases.
"""
import os
import sys
from multiprocessing import Pool

from dataplug import CloudObject
from dataplug.formats.genomics.fastq import FASTQGZip, partition_reads_batches


def s3_config():
    return {
        "aws_access_key_id": os.environ["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": os.environ["AWS_SECRET_ACCESS_KEY"],
        "region_name": os.environ.get("AWS_REGION", "us-east-1"),
        "endpoint_url": os.environ["AWS_ENDPOINT_URL"],
    }


def count(data_slice):
    lines = data_slice.get()
    reads = len(lines) // 4
    bases = sum(len(lines[i]) for i in range(1, len(lines), 4))
    return reads, bases


def main():
    mode, uri = sys.argv[1], sys.argv[2]
    co = CloudObject.from_s3(FASTQGZip, uri, s3_config=s3_config())
    if mode == "cold":
        co.preprocess(force=True)
    slices = co.partition(partition_reads_batches, num_batches=8)
    with Pool(2) as pool:
        results = pool.map(count, slices)
    print(sum(r for r, _ in results), sum(b for _, b in results))


if __name__ == "__main__":
    main()
