import { z } from 'zod';

/** The input of a channel that takes nothing. */
export const none = z.object({}).strict();
