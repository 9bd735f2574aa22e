/**
 * The seam for a model that knows its own odds. Only a simulator can: it draws every answer from
 * a known probability, so the trusted auditor can read a prompt's expected accuracy off it exactly
 * instead of estimating it from a few sampled answers. Sampled test accuracy carries a few points
 * of noise at test-split sizes (50 items x 4 attempts: about 3.5 points per prompt), which is more
 * than the differences that robustness and ablation figures are about.
 */
import type { CompletionRequest, LanguageModel } from './language-model.js'

export interface GroundTruth {
  /**
   * Probability that the reply to this task-item request is correct and parseable, or undefined
   * when the request is not a task item. A reply that obeys an injected payload counts as wrong.
   */
  expectedOutcome (request: CompletionRequest): number | undefined
}

/** The model's ground truth, if it has one (the embedded simulator does; real endpoints never). */
export function groundTruthOf (model: LanguageModel): GroundTruth | undefined {
  const candidate = model as Partial<GroundTruth>
  return model.simulated && typeof candidate.expectedOutcome === 'function' ? candidate as GroundTruth : undefined
}
