// Validates the cron expressions of the job settings (SIARAN_*_SCHEDULE) beside the settings
// themselves, so configuration depends on nothing above it: node-cron's own parser decides,
// the same one jobs/scheduler.ts later runs them with.
import cron from 'node-cron';

export const isValidSchedule = (expression: string): boolean => cron.validate(expression);
