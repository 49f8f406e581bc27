export { AppConfig, ConfigError, loadConfig, readCliSecret, readTestSettings } from './app-config';
export { ConfigModule } from './config.module';
