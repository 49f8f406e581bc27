export { AppConfig, ConfigError, loadConfig, readCliSecret, readTestSettings, writeTestRunId } from './app-config';
export { ConfigModule } from './config.module';
