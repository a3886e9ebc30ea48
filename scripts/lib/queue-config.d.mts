// A type alias, not an interface: vitest.config.mts passes these as a JSON binding.
export type QueueConsumerConfig = {
  queue: string
  maxBatchSize: number
  maxRetries: number
  deadLetterQueue: string | null
}

export function queueConsumers(toml: string): QueueConsumerConfig[]
