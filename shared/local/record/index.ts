import path from 'node:path';

/**
 * The record of past rounds that ships with Riposte: expulsion measures from 2014 on, so that a
 * new measure can be matched against the one it answers from the first day.
 *
 * @example await importRecord(store, await loadRecordFile(DEFAULT_RECORD_FILE));
 */
export const DEFAULT_RECORD_FILE = path.join(__dirname, 'past-rounds.json');
