import { describe, expect, it } from 'vitest'
import { formatModel, isLocalProvider, providerName } from '../../../shared/utils/model-label'

describe('formatModel', () => {
  it('names a Gemini model alone, as on jobs from before providers', () => {
    expect(formatModel('gemini-2.5-flash')).toBe('gemini-2.5-flash')
    expect(formatModel('gemini-2.5-pro', 'gemini')).toBe('gemini-2.5-pro')
  })

  it('names the provider of any other model, and says when it runs locally', () => {
    expect(formatModel('claude-sonnet-4-6', 'anthropic')).toBe('claude-sonnet-4-6 · Anthropic')
    expect(formatModel('gpt-4.1-mini', 'openai')).toBe('gpt-4.1-mini · OpenAI')
    expect(formatModel('qwen2.5-coder:14b', 'ollama')).toBe('qwen2.5-coder:14b · Ollama (local)')
  })

  it('shows a provider it does not know by the name the server gave', () => {
    expect(formatModel('mystery-1', 'vllm')).toBe('mystery-1 · vllm')
  })
})

describe('providerName', () => {
  it('spells each provider as its maker does, Gemini when none is given', () => {
    expect(['gemini', 'openai', 'anthropic', 'ollama', undefined].map(providerName)).toEqual(['Gemini', 'OpenAI', 'Anthropic', 'Ollama', 'Gemini'])
    expect(isLocalProvider('ollama')).toBe(true)
    expect(isLocalProvider('openai')).toBe(false)
  })
})
