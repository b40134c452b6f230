import locateReviewThread from '#review-thread'
import { setReviewThreadLocator } from '../review/review-threads'

/** Tells the review threads where their script is in this build (modules/review-thread.ts emits it). */
export default defineNitroPlugin(() => {
  setReviewThreadLocator(locateReviewThread)
})
