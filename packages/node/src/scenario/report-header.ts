/**
 * The opening lines of a Markdown report: its title, the simulator label when the model is the
 * embedded simulator (every result made with it must say so), and its description.
 */
export function reportHeader (title: string, report: { readonly model: string, readonly simulated: boolean, readonly description: string }): string[] {
  return [
    title,
    '',
    report.simulated
      ? `**SIMULATOR RESULTS**: model ${report.model} is promptswarm's embedded synthetic model, not a real LLM; these figures describe the simulator.`
      : `Model: ${report.model}.`,
    ...(report.description === '' ? [] : ['', report.description])
  ]
}
