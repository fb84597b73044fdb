// A client nobody on this project wrote: Hyperledger's fabric-gateway for Node.js, unmodified.
// Usage: node gateway-client.mjs submit|evaluate <function> [args...]
// Connection from the environment: FAPIAO_ENDPOINT, FAPIAO_TLS_ROOT, FAPIAO_MSP_ID, FAPIAO_CERT,
// FAPIAO_KEY, FAPIAO_CHANNEL (default fapiao), FAPIAO_CHAINCODE (default fapiao).
// Prints one JSON line: {"ok":true,"result":"...","transactionId":"...","blockNumber":"..."} or
// {"ok":false,"error":"...","details":[...]}; exit code 0 either way unless the script itself breaks.
import * as grpc from '@grpc/grpc-js';
import { connect, signers } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const [mode, fn, ...args] = process.argv.slice(2);
if (mode !== 'submit' && mode !== 'evaluate') {
  console.error('usage: node gateway-client.mjs submit|evaluate <function> [args...]');
  process.exit(2);
}

const client = new grpc.Client(env('FAPIAO_ENDPOINT'),
  grpc.credentials.createSsl(readFileSync(env('FAPIAO_TLS_ROOT'))));
const gateway = connect({
  client,
  identity: { mspId: env('FAPIAO_MSP_ID'), credentials: readFileSync(env('FAPIAO_CERT')) },
  signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(env('FAPIAO_KEY')))),
  evaluateOptions: () => ({ deadline: Date.now() + 10000 }),
  endorseOptions: () => ({ deadline: Date.now() + 20000 }),
  submitOptions: () => ({ deadline: Date.now() + 20000 }),
  commitStatusOptions: () => ({ deadline: Date.now() + 60000 }),
});

const decode = (bytes) => Buffer.from(bytes).toString('utf8');
try {
  const contract = gateway.getNetwork(env('FAPIAO_CHANNEL', 'fapiao')).getContract(env('FAPIAO_CHAINCODE', 'fapiao'));
  if (mode === 'evaluate') {
    const result = await contract.evaluateTransaction(fn, ...args);
    console.log(JSON.stringify({ ok: true, result: decode(result) }));
  } else {
    const submitted = await contract.submitAsync(fn, { arguments: args });
    const status = await submitted.getStatus();
    console.log(JSON.stringify({
      ok: status.successful,
      result: decode(submitted.getResult()),
      transactionId: status.transactionId,
      blockNumber: String(status.blockNumber),
      code: status.code,
    }));
  }
} catch (err) {
  console.log(JSON.stringify({
    ok: false,
    error: String(err?.message ?? err),
    details: (err?.details ?? []).map((d) => d.message),
  }));
} finally {
  gateway.close();
  client.close();
}
