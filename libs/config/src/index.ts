export { AppConfig, ConfigError, loadConfig, readCliSecret } from './app-config';
export { ConfigModule } from './config.module';
