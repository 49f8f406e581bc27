import { ApiProperty } from '@nestjs/swagger';

export class TokenPairDto {
  @ApiProperty({ description: 'Bearer token for the Authorization header; short-lived.' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque token for POST /auth/refresh; single use, rotated each time.' })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires.' })
  expiresIn: number;
}

export class RegistrationResultDto extends TokenPairDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;
}
