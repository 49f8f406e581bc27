import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'camille.martin@example.org' })
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128, description: 'At least 8 characters; a sentence is fine.' })
  @IsString()
  @Length(8, 128)
  password: string;

  @ApiProperty({ example: 'Camille Martin' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 120)
  displayName: string;
}
