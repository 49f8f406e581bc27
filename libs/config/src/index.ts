export { AppConfig, ConfigError, childEnvironment, loadConfig, readCliSecret, readStripeContractKey, readTestSettings, writeTestRunId } from './app-config';
export { ConfigModule } from './config.module';
