import { CommandNameSchema, type CommandName } from '#shared/schemas/job'

// Blanks before the command stay on its line: `^\s*` would rescan every following line from every line start.
const COMMAND = /^[ \t]*\/revue(?:[ \t]+(\S+))?[ \t]*$/im

/** The command a comment gives (its first `/revue …` line), or null. An unknown word asks for the help. */
export function parseCommand(body: string | null): { command: CommandName, unknown?: string } | null {
  const match = COMMAND.exec(body ?? '')
  if (!match) return null
  const word = (match[1] ?? 'help').toLowerCase()
  const known = CommandNameSchema.safeParse(word)
  return known.success ? { command: known.data } : { command: 'help', unknown: word }
}
