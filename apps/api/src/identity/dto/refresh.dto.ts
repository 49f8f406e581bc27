import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last login or refresh; each can be used once.' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}
