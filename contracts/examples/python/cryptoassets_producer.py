#!/usr/bin/env python3
"""Produce requests to the cryptoassets worker from Python (confluent-kafka, i.e. librdkafka).

The worker applies the requests of one partition in order, so requests about one account are
applied in the order they were sent only if every producer puts that account's key on the same
partition. Java producers, the worker's own included, hash keys with murmur2; librdkafka's
default partitioner, consistent_random, hashes them with CRC32 and puts most keys elsewhere.
producer_config() sets murmur2_random, librdkafka's Java-compatible partitioner.

As a command, it produces records read from standard input, one JSON object a line:
    {"key": "customer-42", "value": {"type": "OpenAccount", ...}}
and prints one JSON line per record once the broker acknowledged it:
    {"key": "customer-42", "partition": 3, "offset": 17}
It exits 1 if any record was not acknowledged.

    python3 cryptoassets_producer.py BOOTSTRAP_SERVERS TOPIC [--partitioner NAME] < records.jsonl

Needs confluent-kafka (Debian: apt-get install python3-confluent-kafka; elsewhere: pip install
confluent-kafka).
"""
import argparse
import json
import sys

from confluent_kafka import Producer


def producer_config(bootstrap_servers, **overrides):
    """librdkafka settings for producing requests; overrides add TLS/SASL settings and the like."""
    config = {
        "bootstrap.servers": bootstrap_servers,
        # The partition a Java producer chooses for the same key (see the module's docstring).
        "partitioner": "murmur2_random",
        # Retries can neither duplicate nor reorder a partition's records; implies acks=all.
        "enable.idempotence": True,
        "acks": "all",
    }
    config.update(overrides)
    return config


def produce(producer, topic, records, timeout_seconds=30.0):
    """Produces (key, value) pairs; returns [(key, partition, offset)] and the failures, in order of delivery."""
    delivered = []
    failures = []

    def on_delivery(error, message):
        if error is not None:
            failures.append((message.key().decode("utf-8"), str(error)))
        else:
            delivered.append((message.key().decode("utf-8"), message.partition(), message.offset()))

    for key, value in records:
        producer.produce(topic, key=key.encode("utf-8"), value=json.dumps(value).encode("utf-8"),
                         on_delivery=on_delivery)
        producer.poll(0)
    undelivered = producer.flush(timeout_seconds)
    if undelivered:
        failures.append((None, "%d records not acknowledged within %ss" % (undelivered, timeout_seconds)))
    return delivered, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bootstrap_servers")
    parser.add_argument("topic")
    parser.add_argument("--partitioner", default="murmur2_random",
                        help="librdkafka partitioner (default: murmur2_random, as Java producers)")
    args = parser.parse_args()
    # JSON lines are UTF-8 whatever the locale says.
    sys.stdin.reconfigure(encoding="utf-8")
    sys.stdout.reconfigure(encoding="utf-8")
    lines = [json.loads(text) for text in sys.stdin if text.strip()]
    records = [(line["key"], line["value"]) for line in lines]
    producer = Producer(producer_config(args.bootstrap_servers, partitioner=args.partitioner))
    delivered, failures = produce(producer, args.topic, records)
    for key, partition, offset in delivered:
        print(json.dumps({"key": key, "partition": partition, "offset": offset}, ensure_ascii=False))
    for key, error in failures:
        print("not acknowledged: %s: %s" % (key, error), file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
