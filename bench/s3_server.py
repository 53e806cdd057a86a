"""An S3-compatible server for the local cluster (moto's server mode), with its bucket made.

python bench/s3_server.py PORT BUCKET
"""

import sys
import time

import boto3
from moto.server import ThreadedMotoServer

port, bucket = int(sys.argv[1]), sys.argv[2]
server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
server.start()
boto3.client(
    "s3",
    endpoint_url=f"http://127.0.0.1:{port}",
    region_name="eu-west-2",
    aws_access_key_id="cluster",
    aws_secret_access_key="cluster",
).create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
print(f"S3-compatible server on 127.0.0.1:{port}, bucket {bucket}", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    server.stop()
