#!/bin/sh
# Runs in the chrislusf/seaweedfs image: one SeaweedFS server (master, volume, filer) with its S3
# gateway on 8333, accepting the one identity the api and workers use (S3_ACCESS_KEY /
# S3_SECRET_KEY from the environment). POSIX sh: the image has no bash.
set -eu
umask 077
cat >/tmp/s3.json <<JSON
{"identities": [{"name": "exportjobs",
  "credentials": [{"accessKey": "${S3_ACCESS_KEY}", "secretKey": "${S3_SECRET_KEY}"}],
  "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}
JSON
exec weed server -dir=/data -ip=seaweedfs -ip.bind=0.0.0.0 -volume.max=0 \
  -s3 -s3.port=8333 -s3.config=/tmp/s3.json
