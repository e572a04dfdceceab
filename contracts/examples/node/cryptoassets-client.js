#!/usr/bin/env node
// A whole client of the cryptoassets worker in Node.js with KafkaJS.
//
// Opens an account, registers an address to it, reports a deposit to that address, withdraws part
// of it, and follows cryptoassets.request-results and cryptoassets.txupdates until every step got
// its answer: each request ACCEPTED, the deposit's TxUpdate `credited`, the withdrawal's `pending`.
// Prints each step; exits 0 when all went as expected, 1 on another answer, 2 on a timeout.
//
//   node cryptoassets-client.js --bootstrap-servers localhost:9092 --asset XBT \
//       --address bc1q... --to-address bc1q... --deposit 50000 --withdraw 20000
//
// Every option can also be given as an environment variable (CRYPTOASSETS_BOOTSTRAP_SERVERS, ...).
// The deposit is reported with DepositObserved, so the asset must be one whose deposits are
// reported rather than read from its node.
import { randomBytes, randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { Kafka, Partitioners, logLevel } from 'kafkajs'

const ACCOUNT_REQUESTS = 'cryptoassets.account-requests'
const DEPOSIT_REQUESTS = 'cryptoassets.deposit-requests'
const WITHDRAWAL_REQUESTS = 'cryptoassets.withdrawal-requests'
const REQUEST_RESULTS = 'cryptoassets.request-results'
const TXUPDATES = 'cryptoassets.txupdates'

class StepFailed extends Error {}
class TimedOut extends Error {}

// A record's topic, partition and offset as one string; KafkaJS gives the offset as a string.
const recordOf = (topic, partition, offset) => `${topic}/${partition}@${offset}`

// Requests to the worker, and the results and txupdates it publishes, matched to them.
class Worker {
  constructor (bootstrapServers, groupId, timeoutSeconds) {
    const kafka = new Kafka({ clientId: 'cryptoassets-example', brokers: bootstrapServers.split(','), logLevel: logLevel.WARN })
    // KafkaJS 2's default, named so no reader wonders: Java's murmur2, the partition a Java
    // producer, and the worker, chooses for a key. A retried send may land twice, but cannot be
    // applied twice: the worker answers each copy of a requestId with the first outcome.
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    this.consumer = kafka.consumer({ groupId })
    this.deadline = Date.now() + timeoutSeconds * 1000
    this.results = new Map()
    this.updates = new Map()
    this.waiters = new Set()
  }

  async start () {
    await Promise.all([this.producer.connect(), this.consumer.connect()])
    // A new group reads from the start, so results published before it joined are not missed.
    await this.consumer.subscribe({ topics: [REQUEST_RESULTS, TXUPDATES], fromBeginning: true })
    await this.consumer.run({ eachMessage: async ({ topic, message }) => this.received(topic, JSON.parse(message.value)) })
  }

  received (topic, event) {
    if (topic === REQUEST_RESULTS) {
      // Each record sent gets its own result, naming it: copies sharing a requestId too. A result
      // without a source was written by an earlier release and answers none of these sends.
      const { source } = event
      if (source) this.results.set(recordOf(source.topic, source.partition, source.offset), event)
    } else {
      // Delivered at least once: a redelivery has the same eventId.
      this.updates.set(event.eventId, event)
    }
    for (const waiter of this.waiters) waiter()
  }

  // Sends a request and returns its record, as the acknowledgement names it: what its result names.
  async send (topic, key, request) {
    const body = { schemaVersion: 1, requestId: randomUUID(), ...request }
    const [sent] = await this.producer.send({ topic, messages: [{ key, value: JSON.stringify(body) }] })
    return recordOf(sent.topicName, sent.partition, sent.baseOffset)
  }

  result (record) {
    return this.waitFor(() => this.results.get(record), `the result of the record at ${record}`)
  }

  update (asset, accountId, transactionId, state) {
    // Transaction ids are numbered per asset: an update is this account's by all three.
    return this.waitFor(() => [...this.updates.values()].find(u => u.asset === asset && u.accountId === accountId &&
      u.transactionId === transactionId && u.state === state), `a TxUpdate ${state} of ${asset} transaction ${transactionId}`)
  }

  waitFor (find, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.waiters.delete(check); reject(new TimedOut(`timed out waiting for ${what}`)) },
        Math.max(0, this.deadline - Date.now()))
      const check = () => {
        const found = find()
        if (found !== undefined) { clearTimeout(timer); this.waiters.delete(check); resolve(found) }
      }
      this.waiters.add(check)
      check()
    })
  }

  async close () {
    await Promise.all([this.consumer.disconnect(), this.producer.disconnect()])
  }
}

// One line for a result or TxUpdate; amounts are strings of digits and are printed as they are.
function describe (event) {
  const fields = ['status', 'reason', 'detail', 'transactionType', 'state', 'address', 'amount', 'transactionId', 'balance']
  return fields.filter(name => name in event).map(name => `${name} ${event[name]}`).join(', ')
}

async function accepted (worker, step, topic, key, request) {
  const result = await worker.result(await worker.send(topic, key, request))
  console.log(`${step}: ${describe(result)}`)
  if (result.status !== 'ACCEPTED') throw new StepFailed(`${step} was answered ${result.reason ?? result.status}`)
  return result
}

async function followed (worker, step, asset, accountId, transactionId, state) {
  const update = await worker.update(asset, accountId, transactionId, state)
  console.log(`${step}: ${describe(update)}`)
  return update
}

async function run (worker, { asset, account, address, 'to-address': toAddress, deposit, withdraw }) {
  await accepted(worker, `open account ${account}`, ACCOUNT_REQUESTS, account,
    { type: 'OpenAccount', asset, accountId: account })
  const registered = await accepted(worker, `register address ${address}`, ACCOUNT_REQUESTS, account,
    { type: 'CreateAddress', asset, accountId: account, address })
  if (registered.address !== address) throw new StepFailed(`the worker registered ${registered.address}, not ${address}`)
  // A deposit is keyed by its address; 6 confirmations are past the default threshold of 3.
  const deposited = await accepted(worker, `report deposit of ${deposit}`, DEPOSIT_REQUESTS, address,
    { type: 'DepositObserved', asset, txid: randomBytes(32).toString('hex'), vout: 0, address, amount: deposit, confirmations: 6 })
  await followed(worker, 'deposit', asset, account, deposited.transactionId, 'credited')
  const withdrawn = await accepted(worker, `withdraw ${withdraw} to ${toAddress}`, WITHDRAWAL_REQUESTS, account,
    { type: 'WithdrawalRequested', asset, accountId: account, toAddress, amount: withdraw })
  const pending = await followed(worker, 'withdrawal', asset, account, withdrawn.transactionId, 'pending')
  // Each TxUpdate carries the account's balance as of it; GetBalance asks for it outright.
  const asked = await accepted(worker, 'ask the balance', ACCOUNT_REQUESTS, account,
    { type: 'GetBalance', asset, accountId: account })
  if (asked.balance !== pending.balance) throw new StepFailed(`GetBalance answered ${asked.balance}, the last TxUpdate said ${pending.balance}`)
}

function options () {
  const defaults = {
    'bootstrap-servers': 'localhost:9092',
    asset: 'XBT',
    account: `example-${randomUUID().slice(0, 12)}`,
    address: undefined,
    'to-address': undefined,
    deposit: '50000',
    withdraw: '20000',
    group: 'cryptoassets-app-example-node',
    timeout: '60'
  }
  const { values } = parseArgs({ options: Object.fromEntries(Object.keys(defaults).map(name => [name, { type: 'string' }])) })
  const chosen = {}
  for (const [name, fallback] of Object.entries(defaults)) {
    chosen[name] = values[name] ?? process.env[`CRYPTOASSETS_${name.toUpperCase().replaceAll('-', '_')}`] ?? fallback
    if (chosen[name] === undefined) throw new Error(`--${name} is required`)
  }
  // Amounts stay strings of digits: BigInt checks them, a float never holds them.
  for (const amount of ['deposit', 'withdraw']) chosen[amount] = BigInt(chosen[amount]).toString()
  return chosen
}

async function main () {
  const chosen = options()
  const worker = new Worker(chosen['bootstrap-servers'], chosen.group, Number(chosen.timeout))
  try {
    await worker.start()
    await run(worker, chosen)
  } finally {
    await worker.close()
  }
  console.log('done: every step was answered as expected')
}

main().catch(error => {
  console.error(`failed: ${error.message}`)
  process.exitCode = error instanceof TimedOut ? 2 : 1
})
