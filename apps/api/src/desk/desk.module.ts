import { Module } from '@nestjs/common';
import { DeskController } from './desk.controller.js';

/** The editorial desk's files (mounted with the admin surface). */
@Module({ controllers: [DeskController] })
export class DeskModule {}
