#!/usr/bin/env bash
# Runs io.quiver.spark.example.SparkExample against a running IoTDB (default 127.0.0.1:6667, e.g.
# `./quiver server start`), with an embedded Spark 4.2 (local[2]).
#   spark/run-example.sh [HOST:PORT] [CSV FILE]
set -euo pipefail
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"   # Spark binds to loopback
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# compile, and write the classpath (Spark included: it is 'provided' for the connector jar)
mvn -B -q -pl spark -am -DskipTests compile dependency:build-classpath -Dmdep.includeScope=compile \
  -Dmdep.outputFile=target/example.classpath
cp="spark/target/classes:$(cat spark/target/example.classpath)"
opens=(java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent
  java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar)
flags=()
for p in "${opens[@]}"; do flags+=("--add-opens=java.base/$p=ALL-UNNAMED"); done
exec java "${flags[@]}" -Dio.netty.tryReflectionSetAccessible=true -cp "$cp" \
  io.quiver.spark.example.SparkExample "$@"
