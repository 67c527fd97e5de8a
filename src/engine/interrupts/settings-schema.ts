import { z } from 'zod';
import { localizedTextSchema } from '../text/localized-text.js';

/** Opt-out words when the settings file names none. */
export const DEFAULT_OPT_OUT_WORDS: readonly string[] = ['BAJA', 'ALTO', 'STOP'];

/** Emergency words when the settings file names none. */
export const DEFAULT_EMERGENCY_WORDS: readonly string[] = ['AYUDA', 'PELIGRO', 'SOS', '911'];

/**
 * Words and phrases that may tell of danger or harm in what she writes, when the settings file names
 * none: fear, blows, threats, being shut in or followed, her children taken, a weapon, and thoughts of
 * harming herself. Matched anywhere as whole words (accents and case ignored); a match answers nothing,
 * it asks a person to read her message.
 */
export const DEFAULT_RISK_SIGNALS: readonly string[] = [
  'miedo', 'me pegó', 'me pegaron', 'me golpeó', 'me golpearon', 'me lastimó', 'me lastima', 'me empujó', 'me jaloneó',
  'me amenazó', 'me amenaza', 'me quiere matar', 'me va a matar', 'matarme', 'me ahorcó', 'me violó', 'me forzó',
  'no me deja salir', 'me encerró', 'me encierra', 'me corrió de la casa', 'me quitó el teléfono', 'me quitó el celular',
  'me revisa el celular', 'me revisa el teléfono',
  'me quitó a mis hijos', 'se llevó a mis hijos', 'me sigue a todos lados', 'está afuera de mi casa', 'cuchillo', 'pistola',
  'me quiero morir', 'quiero morirme', 'no quiero vivir', 'suicidarme', 'quitarme la vida', 'hacerme daño',
];

/** Phrases with which she asks for a person, when the settings file names none. */
export const DEFAULT_PERSON_REQUEST_WORDS: readonly string[] = [
  'hablar con una persona', 'hablar con alguien', 'platicar con una persona', 'platicar con alguien', 'hablar con la psicóloga',
  'hablar con mi psicóloga', 'hablar con el psicólogo', 'hablar con la licenciada', 'una persona real', 'una persona de verdad',
  'con un humano', 'eres un robot', 'eres un bot', 'que me llamen', 'me pueden llamar', 'me puedes llamar', 'llámenme', 'márquenme',
];

/**
 * Words, phrases and emoji with which she only acknowledges what the bot wrote, when the settings file
 * names none: thanks, an «ok», a blessing, a thumbs-up or a heart. A whole message of them, where the
 * question does not understand it or no conversation is under way, is kept and answered with nothing.
 */
export const DEFAULT_ACKNOWLEDGMENTS: readonly string[] = [
  'gracias', 'muchas gracias', 'mil gracias', 'muchísimas gracias', 'gracias igualmente', 'igualmente', 'gracias por todo',
  'gracias por preguntar', 'gracias por escribirme', 'gracias por estar al pendiente', 'gracias por el apoyo', 'gracias por tu apoyo',
  'gracias por su apoyo', 'gracias por la ayuda', 'gracias por tu ayuda', 'gracias por su ayuda', 'ok', 'okey', 'oki', 'okis', 'okay',
  'va', 'vale', 'sale', 'perfecto', 'de acuerdo', 'entendido', 'enterada', 'está bien', 'bueno', 'listo', 'ándale', 'bendiciones',
  'dios te bendiga', 'dios la bendiga', 'que dios te bendiga', 'que dios la bendiga', 'amén',
  '👍', '🙏', '👌', '❤️', '♥️', '💜', '💕', '😊', '🙂', '☺️', '🤗', '🌷', '🌹', '😘', '👏', '🫶',
];

/**
 * What someone writes who does not know who is writing to her, when the settings file names none: it
 * may be her, who forgot, or someone else holding her phone, or a number that is no longer hers.
 */
export const DEFAULT_WHO_IS_WRITING_WORDS: readonly string[] = [
  'quién eres', 'quién es', 'quién habla', 'quién me escribe', 'quién escribe', 'con quién hablo', 'de parte de quién', 'quién te dio mi número',
  'cómo tienes mi número', 'cómo tienen mi número', 'cómo conseguiste mi número', 'de dónde sacaste mi número', 'de dónde tienes mi número',
  'no te conozco', 'no la conozco', 'no lo conozco', 'no conozco a ninguna', 'número equivocado', 'equivocado de número', 'equivocada de número',
  'se equivocó de número', 'se equivocaron de número', 'te equivocaste de número', 'aquí no vive', 'no vive aquí', 'ya no es su número',
  'ya no es de ella', 'este número ya no es',
];

/** The reply to someone asking who is writing when the settings file has none: it answers nothing and ends. */
export const DEFAULT_WHO_IS_WRITING_REPLY = 'Perdón, luego te escribo. ¡Que tengas bonito día!';

/**
 * When she may be asking to be written to, when the settings file names none: a part of the day or the
 * week, or a time she names by what happens then («cuando esté sola»). Never «mañana» or «más tarde»
 * alone: «escríbeme mañana» and «escríbeme más tarde» ask for a later moment, not other hours.
 */
export const DEFAULT_HOURS_REQUEST_TIMES: readonly string[] = [
  'en la mañana', 'en las mañanas', 'por la mañana', 'por las mañanas', 'temprano', 'en la tarde', 'en las tardes', 'por la tarde',
  'por las tardes', 'en la noche', 'en las noches', 'por la noche', 'por las noches', 'de noche', 'de día', 'en el día', 'tan tarde',
  'muy tarde', 'mediodía', 'madrugada', 'fin de semana', 'fines de semana', 'entre semana', 'de lunes a viernes', 'sábado', 'sábados',
  'domingo', 'domingos', 'a esta hora', 'a estas horas', 'a esa hora', 'a esas horas', 'después de las', 'antes de las', 'a partir de las',
  'cuando esté sola', 'cuando no esté', 'cuando él no esté', 'cuando se vaya', 'cuando él se vaya', 'cuando salga a trabajar',
];

/**
 * Words with which she asks to be written or called (or says when she can answer), when the settings
 * file names none: always addressed to the bot or the unit (tú, usted, ustedes), never «me escribe» or
 * «me manda», which tell what someone else does.
 */
export const DEFAULT_HOURS_REQUEST_CONTACT: readonly string[] = [
  'escribas', 'escriban', 'escríbeme', 'escríbame', 'escríbanme', 'me escribes', 'me escriben', 'mandes', 'manden', 'mándame', 'mándeme',
  'mándenme', 'me mandas', 'me mandan', 'llames', 'llamen', 'llámame', 'llámeme', 'llámenme', 'me llamas', 'me llaman', 'marques',
  'marquen', 'márcame', 'márqueme', 'márquenme', 'me marcas', 'me marcan', 'háblame', 'me hablas', 'contactes', 'contacten', 'búscame',
  'puedo contestar', 'puedo responder', 'puedo hablar', 'puedo platicar', 'puedo escribir', 'puedo ver mensajes', 'puedo ver el celular',
  'puedo ver el teléfono',
];

/** The reply to her request for other hours when the settings file has none: it promises nothing and repeats nothing. */
export const DEFAULT_HOURS_REQUEST_REPLY = 'Va, lo tomo en cuenta. Gracias por avisarme.';

/** The reply to her request for a person when the settings file has none. */
export const DEFAULT_PERSON_REQUEST_REPLY = 'Claro que sí. En un ratito te escribe por aquí una persona de confianza.';

/** The reply to a long message of hers the flow does not understand (she is telling what happens), when the settings file has none. */
export const DEFAULT_LONG_MESSAGE_REPLY = 'Gracias por contarme. En un ratito te escribe por aquí una persona de confianza.';

/**
 * The reply to her request for a person while nobody is on duty (`STAFF_HOURS`), when the settings file
 * has none: no «en un ratito» at three in the morning, and when a person will write.
 */
export const DEFAULT_PERSON_REQUEST_REPLY_AFTER_HOURS = 'Claro que sí. Te escribe por aquí una persona de confianza desde {{atencion_hora}}.';

/** The reply to a long message of hers while nobody is on duty, when the settings file has none. */
export const DEFAULT_LONG_MESSAGE_REPLY_AFTER_HOURS = 'Gracias por contarme. Te escribe por aquí una persona de confianza desde {{atencion_hora}}.';

/** The harmless reply to her code word when the settings file has none. */
export const DEFAULT_CODE_WORD_REPLY = 'Ok, gracias 👍';

/** What to do now, the reply to an emergency word when the settings file has none. */
export const DEFAULT_EMERGENCY_REPLY =
  'Si estás en peligro, llama al 911 ahora. Si puedes, ve a un lugar seguro o con alguien de confianza. En un momento te escribe una persona por aquí.';

/**
 * The reply to an emergency word while nobody is on duty (`STAFF_HOURS`), when the settings file has
 * none: what to do now, and not «en un momento» when nobody will read her before the morning.
 */
export const DEFAULT_EMERGENCY_REPLY_AFTER_HOURS =
  'Si estás en peligro, llama al 911 ahora. Si puedes, ve a un lugar seguro o con alguien de confianza. Una persona te escribe por aquí desde {{atencion_hora}}.';

/** The one confirmation of an opt-out when the settings file has none. */
export const DEFAULT_OPT_OUT_REPLY = 'Listo, ya no te enviaré mensajes. Si algún día quieres volver a platicar, escríbeme por aquí.';

/**
 * Words outgoing texts must not contain when the settings file names none: what would give away
 * the violence, the aggressor, the unit, the case or the help she receives.
 */
export const DEFAULT_DENY_WORDS: readonly string[] = [
  'violencia', 'violento', 'violenta', 'agresor', 'agresora', 'agresion', 'agresiones', 'maltrato', 'abuso', 'abusador',
  'golpe', 'golpes', 'golpeador', 'acoso', 'amenaza', 'amenazas', 'peligro', 'riesgo', 'victima', 'denuncia', 'denunciar',
  'demanda', 'policia', 'fiscalia', 'ministerio publico', 'orden de proteccion', 'medidas de proteccion', 'refugio',
  'albergue', '911', 'emergencia', 'c5', 'sesesp', 'unidad', 'instituto', 'iqm', 'cjm', 'centro de justicia', 'banavim',
  'caso', 'expediente', 'folio', 'seguimiento', 'psicologa', 'psicologo', 'psicologica', 'juridica', 'abogada', 'abogado',
  'pareja', 'esposo', 'novio', 'marido',
];

const wordListSchema = z.array(z.string().trim().min(1)).min(1);

/** One interrupt: the words that trigger it and the reply she gets. */
const interruptSchema = (words: readonly string[], reply: string, what: string) =>
  z
    .strictObject({
      words: wordListSchema.default([...words]).describe(`Words or phrases that ${what} (accents and case ignored).`),
      reply: localizedTextSchema.default(reply).describe('What the bot answers, es-MX required.'),
    })
    .default({ words: [...words], reply });

/** A list of words that `[]` turns off, its defaults `words`. */
const switchableWords = (words: readonly string[], what: string) => z.array(z.string().trim().min(1)).default([...words]).describe(what);

/** A section that is only a list of words, `words: []` turning it off (`risk_signals`, `acknowledgments`). */
const switchableWordList = (words: readonly string[], what: string) =>
  z.strictObject({ words: switchableWords(words, what) }).default({ words: [...words] });

/**
 * The zod schema of `flows/ajustes.yaml`, the deployment's interrupt settings and deny-list. Every
 * part is optional and falls back to the defaults above; lists replace the defaults, they do not
 * add to them.
 *
 * ```yaml
 * opt_out:                      # whole message: "BAJA", "baja, por favor"
 *   words: [BAJA, ALTO, STOP]
 *   reply: "Listo, ya no te enviaré mensajes. ..."
 * emergency:                    # anywhere, as whole words: "necesito ayuda"
 *   words: [AYUDA, PELIGRO, SOS, "911"]   # SOS also matches the 🆘 emoji
 *   reply:
 *     es-MX: "Si estás en peligro, llama al 911 ahora. ..."
 *     en: "If you are in danger, call 911 now. ..."
 *   reply_after_hours: "Si estás en peligro, llama al 911 ahora. ... desde {{atencion_hora}}."   # nobody on duty (STAFF_HOURS)
 * code_word:                    # the word itself is never here: the host compares a keyed hash
 *   reply: "Ok, gracias 👍"
 * person_request:               # where the flow does not understand her, or none is under way
 *   words: ["hablar con una persona", "eres un robot", ...]
 *   reply: "Claro que sí. En un ratito te escribe por aquí una persona de confianza."
 *   long_message_reply: "Gracias por contarme. En un ratito te escribe ..."   # more than 40 words
 *   reply_after_hours: "Claro que sí. Te escribe ... desde {{atencion_hora}}."   # nobody on duty (STAFF_HOURS)
 *   long_message_reply_after_hours: "Gracias por contarme. Te escribe ... desde {{atencion_hora}}."
 * who_is_writing:               # where the flow does not understand it: the reply, and a person, urgently
 *   words: ["quién eres", "número equivocado", "no te conozco", ...]   # [] turns it off
 *   reply: "Perdón, luego te escribo. ¡Que tengas bonito día!"
 * hours_request:                # a time and a word of writing, anywhere: a person is asked to look at her hours
 *   times: ["en la mañana", temprano, "fines de semana", "cuando esté sola", ...]   # [] turns it off
 *   contact: [escribas, "escríbeme", "llámame", "puedo contestar", ...]   # «no me escribas» holds escribas
 *   reply: "Va, lo tomo en cuenta. Gracias por avisarme."   # where the question does not understand her
 * risk_signals:                 # anywhere, as whole words: no reply, a person is asked to read it
 *   words: [miedo, "me amenazó", "me quiero morir", ...]   # [] turns it off
 * acknowledgments:              # the whole message, where the flow does not understand it: kept, no reply
 *   words: [gracias, ok, va, "👍", ...]   # [] turns it off
 * deny_words: [violencia, agresor, "centro de justicia", ...]
 * ```
 */
export const settingsSchema = z.strictObject({
  description: z.string().optional().describe('Notes for the team.'),
  opt_out: interruptSchema(DEFAULT_OPT_OUT_WORDS, DEFAULT_OPT_OUT_REPLY, 'stop every message (the whole message must be one)').describe(
    'She asks to stop receiving messages.',
  ),
  emergency: z
    .strictObject({
      words: wordListSchema.default([...DEFAULT_EMERGENCY_WORDS]).describe('Words or phrases that raise an emergency (anywhere in the message; accents and case ignored).'),
      reply: localizedTextSchema.default(DEFAULT_EMERGENCY_REPLY).describe('What the bot answers, es-MX required.'),
      reply_after_hours: localizedTextSchema
        .default(DEFAULT_EMERGENCY_REPLY_AFTER_HOURS)
        .describe('What the bot answers instead of reply while nobody is on duty (STAFF_HOURS); {{atencion_hora}} says when a person is next on duty ("mañana a las 9:00"). es-MX required.'),
    })
    .default({ words: [...DEFAULT_EMERGENCY_WORDS], reply: DEFAULT_EMERGENCY_REPLY, reply_after_hours: DEFAULT_EMERGENCY_REPLY_AFTER_HOURS })
    .describe('She may be in danger: the reply says what to do now, and a person is alerted.'),
  person_request: z
    .strictObject({
      words: wordListSchema
        .default([...DEFAULT_PERSON_REQUEST_WORDS])
        .describe('Words or phrases that ask for a person (anywhere in the message, not negated; accents and case ignored).'),
      reply: localizedTextSchema.default(DEFAULT_PERSON_REQUEST_REPLY).describe('What the bot answers, es-MX required.'),
      long_message_reply: localizedTextSchema
        .default(DEFAULT_LONG_MESSAGE_REPLY)
        .describe('What the bot answers a message of more than 40 words it does not understand (she is telling what happens: a person reads it), es-MX required.'),
      reply_after_hours: localizedTextSchema
        .default(DEFAULT_PERSON_REQUEST_REPLY_AFTER_HOURS)
        .describe('What the bot answers instead of reply while nobody is on duty (STAFF_HOURS); {{atencion_hora}} says when a person is next on duty ("mañana a las 9:00"). es-MX required.'),
      long_message_reply_after_hours: localizedTextSchema
        .default(DEFAULT_LONG_MESSAGE_REPLY_AFTER_HOURS)
        .describe('What the bot answers instead of long_message_reply while nobody is on duty (STAFF_HOURS); {{atencion_hora}} as in reply_after_hours. es-MX required.'),
    })
    .default({
      words: [...DEFAULT_PERSON_REQUEST_WORDS],
      reply: DEFAULT_PERSON_REQUEST_REPLY,
      long_message_reply: DEFAULT_LONG_MESSAGE_REPLY,
      reply_after_hours: DEFAULT_PERSON_REQUEST_REPLY_AFTER_HOURS,
      long_message_reply_after_hours: DEFAULT_LONG_MESSAGE_REPLY_AFTER_HOURS,
    })
    .describe(
      'She asks for a person, or writes at length: read only where the waiting question does not understand her, or no conversation is under way; the reply says a person will write, and the case waits for one.',
    ),
  who_is_writing: z
    .strictObject({
      words: switchableWords(
        DEFAULT_WHO_IS_WRITING_WORDS,
        'Words or phrases with which someone asks who is writing, or says the number is not hers (anywhere, accents and case ignored); an empty list turns it off.',
      ),
      reply: localizedTextSchema.default(DEFAULT_WHO_IS_WRITING_REPLY).describe('A harmless goodbye that tells nothing, es-MX required.'),
    })
    .default({ words: [...DEFAULT_WHO_IS_WRITING_WORDS], reply: DEFAULT_WHO_IS_WRITING_REPLY })
    .describe(
      'Someone asks who is writing («¿quién eres?») or says the number is not hers: it may be someone else holding her phone. Read only where the question waiting does not understand the message, or no conversation is under way: the harmless reply, the conversation ends, and the case waits for a person (urgent), so nothing automatic is sent until someone looks.',
    ),
  hours_request: z
    .strictObject({
      times: switchableWords(
        DEFAULT_HOURS_REQUEST_TIMES,
        'Times of day or week, or moments she names by what happens then (accents and case ignored); an empty list turns it off.',
      ),
      contact: wordListSchema
        .default([...DEFAULT_HOURS_REQUEST_CONTACT])
        .describe('Words with which she asks to be written or called, or says when she can answer (accents and case ignored).'),
      reply: localizedTextSchema.default(DEFAULT_HOURS_REQUEST_REPLY).describe('What the bot answers where the question does not understand her, es-MX required.'),
    })
    .default({ times: [...DEFAULT_HOURS_REQUEST_TIMES], contact: [...DEFAULT_HOURS_REQUEST_CONTACT], reply: DEFAULT_HOURS_REQUEST_REPLY })
    .describe(
      'She asks to be written at other hours: a message holding one of the times and one of the contact words. A person is asked to look at her safe hours (a normal alert, whatever the flow does); where the question waiting for her does not understand her, or no conversation is under way, the reply is sent and the conversation ends.',
    ),
  code_word: z
    .strictObject({
      reply: localizedTextSchema.default(DEFAULT_CODE_WORD_REPLY).describe('A harmless reply that repeats nothing.'),
    })
    .default({ reply: DEFAULT_CODE_WORD_REPLY })
    .describe('She sent the code word agreed with her psychologist (the host recognises it by its hash).'),
  risk_signals: switchableWordList(
    DEFAULT_RISK_SIGNALS,
    'Words or phrases that may tell of danger or harm, anywhere in her message (accents and case ignored); an empty list turns the alert off.',
  ).describe('She may be telling of danger without an emergency word: nothing is answered for it; the case goes urgent in the inbox for a person to read.'),
  acknowledgments: switchableWordList(
    DEFAULT_ACKNOWLEDGMENTS,
    'Words, phrases and emoji that only acknowledge what the bot wrote; a message made only of them (accents and case ignored) is kept and answered with nothing; an empty list turns it off.',
  ).describe('She only thanks or acknowledges («gracias», «ok», 👍): read only where the waiting question does not understand her, or no conversation is under way; her message is kept, nothing is sent, no attempt is spent and no conversation starts.'),
  deny_words: wordListSchema
    .default([...DEFAULT_DENY_WORDS])
    .describe('Words and phrases no outgoing text may contain (whole words, accents and case ignored).'),
});

/** The content of a settings file after validation (defaults applied). */
export type SettingsDefinition = z.output<typeof settingsSchema>;
