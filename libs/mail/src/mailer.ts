import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { emlFileName, type MailSendPayload } from './mail.rules.js';

export interface OutgoingMail extends MailSendPayload {
  /** `<id@domain>`: the same message sent twice carries the same id. */
  messageId: string;
}

export interface SentMail {
  messageId: string;
  /** Where the `file` transport wrote the message. */
  path?: string;
}

// Every attempt ends well inside the outbox lease (60 s), so a slow server cannot cause a second send.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Sends mail with nodemailer: over SMTP (`MAIL_TRANSPORT=smtp`), or, the development default,
 * as .eml files under MAIL_DIR whose paths are logged. Failures throw: the outbox relay retries.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly log = new Logger('Mailer');
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { mail } = config;
    this.transport =
      mail.transport === 'smtp'
        ? nodemailer.createTransport({
            host: mail.smtp.host,
            port: mail.smtp.port,
            secure: mail.smtp.secure,
            requireTLS: mail.smtp.requireTls,
            auth: mail.smtp.user ? { user: mail.smtp.user, pass: mail.smtp.password ?? '' } : undefined,
            ...SMTP_TIMEOUTS,
          })
        : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = (await this.transport.sendMail({
      from: this.config.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      headers: mail.headers ?? {},
      messageId: mail.messageId,
    })) as { messageId: string; message?: Buffer };
    if (this.config.mail.transport === 'smtp') {
      this.log.log({ messageId: info.messageId, category: mail.category }, 'mail sent');
      return { messageId: info.messageId };
    }
    const dir = path.resolve(this.config.mail.dir);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, emlFileName(mail.category, mail.messageId));
    await writeFile(file, info.message!);
    this.log.log({ path: file, messageId: info.messageId, category: mail.category }, `mail written to ${file}`);
    return { messageId: info.messageId, path: file };
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
