#!/usr/bin/env python3
"""A whole client of the cryptoassets worker in Python (confluent-kafka, i.e. librdkafka).

Opens an account, registers an address to it, reports a deposit to that address, withdraws part of
it, and follows cryptoassets.request-results and cryptoassets.txupdates until every step got its
answer: each request ACCEPTED, the deposit's TxUpdate `credited`, the withdrawal's `pending`.
Prints each step; exits 0 when all went as expected, 1 on another answer, 2 on a timeout.

    python3 cryptoassets_client.py --bootstrap-servers localhost:9092 --asset XBT \\
        --address bc1q... --to-address bc1q... --deposit 50000 --withdraw 20000

Every option can also be given as an environment variable (CRYPTOASSETS_BOOTSTRAP_SERVERS, ...).
The deposit is reported with DepositObserved, so the asset must be one whose deposits are reported
rather than read from its node. Needs confluent-kafka (Debian: apt-get install
python3-confluent-kafka; elsewhere: pip install confluent-kafka).
"""
import argparse
import json
import os
import secrets
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer

ACCOUNT_REQUESTS = "cryptoassets.account-requests"
DEPOSIT_REQUESTS = "cryptoassets.deposit-requests"
WITHDRAWAL_REQUESTS = "cryptoassets.withdrawal-requests"
REQUEST_RESULTS = "cryptoassets.request-results"
TXUPDATES = "cryptoassets.txupdates"


class StepFailed(Exception):
    """The worker answered a step otherwise than expected."""


class TimedOut(Exception):
    """No answer came before the deadline."""


class Worker:
    """Requests to the worker, and the results and txupdates it publishes, matched to them."""

    def __init__(self, bootstrap_servers, group_id, timeout_seconds):
        self.producer = Producer({
            "bootstrap.servers": bootstrap_servers,
            # Java's murmur2: the partition a Java producer, and the worker, chooses for a key.
            "partitioner": "murmur2_random",
            "enable.idempotence": True,
        })
        self.consumer = Consumer({
            "bootstrap.servers": bootstrap_servers,
            "group.id": group_id,
            # A new group reads from the start, so results published before it joined are not missed.
            "auto.offset.reset": "earliest",
        })
        self.consumer.subscribe([REQUEST_RESULTS, TXUPDATES])
        self.deadline = time.monotonic() + timeout_seconds
        self.results = {}
        self.updates = {}

    def send(self, topic, key, request):
        """Sends a request and returns its record's (topic, partition, offset), which its result names."""
        body = {"schemaVersion": 1, "requestId": str(uuid.uuid4()), **request}
        acknowledged = []

        def delivered(error, message):
            if error is None:
                acknowledged.append((message.topic(), message.partition(), message.offset()))

        self.producer.produce(topic, key=key.encode(), value=json.dumps(body).encode(), on_delivery=delivered)
        if self.producer.flush(max(0.0, self.deadline - time.monotonic())) > 0 or not acknowledged:
            raise TimedOut("the broker did not acknowledge %s" % request["type"])
        return acknowledged[0]

    def result(self, source):
        return self._await(lambda: self.results.get(source), "the result of the record at %s/%s@%s" % source)

    def update(self, asset, account_id, transaction_id, state):
        # Transaction ids are numbered per asset: an update is this account's by all three.
        return self._await(lambda: next((u for u in self.updates.values()
                                         if u["asset"] == asset and u["accountId"] == account_id
                                         and u["transactionId"] == transaction_id and u["state"] == state), None),
                           "a TxUpdate %s of %s transaction %s" % (state, asset, transaction_id))

    def _await(self, found, what):
        while found() is None:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise TimedOut("timed out waiting for " + what)
            self._poll(min(remaining, 1.0))
        return found()

    def _poll(self, timeout):
        message = self.consumer.poll(timeout)
        if message is None:
            return
        if message.error():
            if message.error().fatal():
                raise RuntimeError(message.error())
            print("consumer: %s" % message.error(), file=sys.stderr)
            return
        event = json.loads(message.value())
        if message.topic() == REQUEST_RESULTS:
            # Each record sent gets its own result, naming it: copies sharing a requestId too. A result
            # without a source was written by an earlier release and answers none of these sends.
            source = event.get("source")
            if source is not None:
                self.results[(source["topic"], source["partition"], source["offset"])] = event
        else:
            # Delivered at least once: a redelivery has the same eventId.
            self.updates[event["eventId"]] = event

    def close(self):
        self.consumer.close()


def describe(event):
    """One line for a result or TxUpdate; amounts are strings of digits and are printed as they are."""
    fields = ["status", "reason", "detail", "transactionType", "state", "address", "amount", "transactionId",
              "balance"]
    return ", ".join("%s %s" % (name, event[name]) for name in fields if name in event)


def accepted(worker, step, topic, key, request):
    result = worker.result(worker.send(topic, key, request))
    print("%s: %s" % (step, describe(result)))
    if result["status"] != "ACCEPTED":
        raise StepFailed("%s was answered %s" % (step, result.get("reason", result["status"])))
    return result


def followed(worker, step, asset, account_id, transaction_id, state):
    update = worker.update(asset, account_id, transaction_id, state)
    print("%s: %s" % (step, describe(update)))
    return update


def run(worker, asset, account_id, address, to_address, deposit, withdrawal):
    accepted(worker, "open account " + account_id, ACCOUNT_REQUESTS, account_id,
             {"type": "OpenAccount", "asset": asset, "accountId": account_id})
    registered = accepted(worker, "register address " + address, ACCOUNT_REQUESTS, account_id,
                          {"type": "CreateAddress", "asset": asset, "accountId": account_id, "address": address})
    if registered["address"] != address:
        raise StepFailed("the worker registered %s, not %s" % (registered["address"], address))
    # A deposit is keyed by its address; 6 confirmations are past the default threshold of 3.
    deposited = accepted(worker, "report deposit of %s" % deposit, DEPOSIT_REQUESTS, address,
                         {"type": "DepositObserved", "asset": asset, "txid": secrets.token_hex(32), "vout": 0,
                          "address": address, "amount": str(deposit), "confirmations": 6})
    followed(worker, "deposit", asset, account_id, deposited["transactionId"], "credited")
    withdrawn = accepted(worker, "withdraw %s to %s" % (withdrawal, to_address), WITHDRAWAL_REQUESTS, account_id,
                         {"type": "WithdrawalRequested", "asset": asset, "accountId": account_id,
                          "toAddress": to_address, "amount": str(withdrawal)})
    pending = followed(worker, "withdrawal", asset, account_id, withdrawn["transactionId"], "pending")
    # Each TxUpdate carries the account's balance as of it; GetBalance asks for it outright.
    asked = accepted(worker, "ask the balance", ACCOUNT_REQUESTS, account_id,
                     {"type": "GetBalance", "asset": asset, "accountId": account_id})
    if asked["balance"] != pending["balance"]:
        raise StepFailed("GetBalance answered %s, the last TxUpdate said %s" % (asked["balance"], pending["balance"]))


def arguments():
    def option(name, **kwargs):
        env = "CRYPTOASSETS_" + name.upper().replace("-", "_")
        default = os.environ.get(env, kwargs.pop("default", None))
        parser.add_argument("--" + name, default=default, required=default is None,
                            help="%s (env %s)" % (kwargs.pop("help"), env), **kwargs)

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    option("bootstrap-servers", default="localhost:9092", help="Kafka bootstrap servers")
    option("asset", default="XBT", help="an asset whose deposits are reported")
    option("account", default="example-" + uuid.uuid4().hex[:12], help="account id to open")
    option("address", help="address to register to the account and deposit to")
    option("to-address", help="address to withdraw to")
    option("deposit", type=int, default=50000, help="deposit amount in the smallest unit")
    option("withdraw", type=int, default=20000, help="withdrawal amount in the smallest unit")
    option("group", default="cryptoassets-app-example-python", help="consumer group for results and txupdates")
    option("timeout", type=float, default=60, help="seconds to wait for all answers")
    return parser.parse_args()


def main():
    args = arguments()
    worker = Worker(args.bootstrap_servers, args.group, args.timeout)
    try:
        run(worker, args.asset, args.account, args.address, args.to_address, args.deposit, args.withdraw)
    except StepFailed as failure:
        print("failed: %s" % failure, file=sys.stderr)
        return 1
    except TimedOut as timeout:
        print("failed: %s" % timeout, file=sys.stderr)
        return 2
    finally:
        worker.close()
    print("done: every step was answered as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
