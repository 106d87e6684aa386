import { describeConnectorConformance } from './connector.suite.js';
import { postgresHarness } from './postgres-harness.js';

/** The postgres connector against the real PostgreSQL, through the shared conformance suite. */
describeConnectorConformance('postgres', postgresHarness());
