import { DEMO_API_KEY } from '../server';
import { resultFile } from './results';

/**
 * The extension host's environment for the in-host suite, whichever VS Code runs it. The user's
 * own POLYTOMIC_* credentials are removed: the suite starts signed out and signs in itself.
 */
export function inHostSuiteEnv(apiUrl: string, suite: string): Record<string, string | undefined> {
  return {
    POLYTOMIC_API_KEY: undefined,
    POLYTOMIC_DEPLOYMENT_KEY: undefined,
    POLYTOMIC_ORGANIZATION_ID: undefined,
    POLYTOMIC_DEPLOYMENT_URL: apiUrl,
    POLYTOMIC_TEST_SERVER_URL: apiUrl,
    POLYTOMIC_TEST_API_KEY: DEMO_API_KEY,
    POLYTOMIC_TEST_RESULT_FILE: resultFile(suite),
    POLYTOMIC_TEST_SUITE_NAME: suite,
    POLYTOMIC_TEST_GREP: process.env.POLYTOMIC_TEST_GREP,
  };
}
