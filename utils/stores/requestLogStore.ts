/** The options page's request log: every exchange with HubSpot's settings API, newest first. */
import { create } from 'zustand';
import { describeApiError, type ApiExchange, type ApiResult } from '../hubspotApi/channelConnectionApi';

export interface LogEntry extends ApiExchange {
  id: number;
  operation: string;
  outcome: string;
}

export interface RequestLogState {
  /** Newest first, the last `LOG_LIMIT` only. */
  entries: LogEntry[];
  /** Logs one exchange under the name of the operation that made it, as the user knows it. */
  record(operation: string, result: ApiResult<unknown>): void;
}

const LOG_LIMIT = 50;

export const useRequestLogStore = create<RequestLogState>()((set, get) => {
  let sequence = 0;
  return {
    entries: [],
    record(operation, result) {
      const outcome = result.ok ? `HTTP ${result.exchange.status ?? ''}`.trim() : describeApiError(result.error);
      const entry: LogEntry = { ...result.exchange, id: ++sequence, operation, outcome };
      set({ entries: [entry, ...get().entries].slice(0, LOG_LIMIT) });
    },
  };
});
