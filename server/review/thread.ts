// The entry of a review thread (built as .output/server/review-thread.mjs by modules/review-thread.ts): it answers
// the calls review-threads.ts posts. It imports only the review's pure steps: no Nitro runtime, Redis or network.
import { parentPort } from 'node:worker_threads'
import { runThreadCall, type ThreadCall } from './thread-calls'

parentPort!.on('message', async ({ id, ...call }: ThreadCall & { id: number }) => {
  try {
    parentPort!.postMessage({ id, result: await runThreadCall(call) })
  }
  catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) })
  }
})
