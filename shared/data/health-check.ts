/**
 * The key the health check reads. No item has it: reading it proves the
 * table answers (through its KMS key, like every real read), and the
 * platform function's grant, limited to this partition key, reads no data.
 */
export const HEALTH_CHECK_KEY = { pk: 'HEALTH', sk: 'HEALTH' } as const;
