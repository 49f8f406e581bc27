import { Controller, Get, Header, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OpenDataExportService, exportFileName } from '@passerelle/catalog';
import { Public } from '../../auth/access.decorators';

@ApiTags('catalog')
@Controller('open-data')
export class OpenDataController {
  constructor(private readonly exports: OpenDataExportService) {}

  @Get('places.csv')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'Every place, in the national "lieux de médiation numérique" CSV standard v1.0.2',
    description: [
      'All 32 columns in schema order, `|` between the values of a list, UTF-8. Places created here carry',
      'their own id in `id`; imported places keep the id of their source file. Importing this file back',
      'changes nothing.',
    ].join(' '),
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file', schema: { type: 'string' } })
  places(): StreamableFile {
    return new StreamableFile(this.exports.stream(), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${exportFileName()}"`,
    });
  }
}
