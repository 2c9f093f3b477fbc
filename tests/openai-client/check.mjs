// Drives a Lineage host's /v1 teacher with the official openai client and prints what the client saw as one JSON
// object on stdout. Usage: node check.mjs <baseURL ending in /v1/> <model id> [apiKey]. OpenAiClientTests runs it and asserts.
import OpenAI from 'openai';

const [baseURL, model, apiKey] = process.argv.slice(2);
if (!baseURL || !model) {
  console.error('usage: node check.mjs <baseURL> <model>');
  process.exit(2);
}
// No retries: an error must reach us as the client first decodes it. The key is sent as `Authorization: Bearer`.
const client = new OpenAI({ baseURL, apiKey: apiKey ?? 'none', maxRetries: 0, timeout: 120_000 });

const request = {
  model,
  messages: [{ role: 'user', content: 'What is 2 + 3?' }],
  n: 2,
  seed: 42,
  max_tokens: 24,
  temperature: 1,
};

async function failure(promise) {
  try {
    await promise;
    return { thrown: false };
  } catch (e) {
    return {
      thrown: true,
      isApiError: e instanceof OpenAI.APIError,
      name: e.constructor.name,
      status: e.status ?? null,
      type: e.type ?? null,
      param: e.param ?? null,
      code: e.code ?? null,
      message: e.message,
    };
  }
}

const page = await client.models.list();
const models = page.data.map((m) => m.id);

const whole = await client.chat.completions.create(request);

const chunks = [];
const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
for await (const chunk of stream) chunks.push(chunk);

const streamed = { content: {}, firstRole: {}, finish: {}, chunkCount: chunks.length };
for (const chunk of chunks.slice(0, -1)) {
  for (const choice of chunk.choices) {
    const i = choice.index;
    if (!(i in streamed.firstRole)) streamed.firstRole[i] = choice.delta.role ?? null;
    streamed.content[i] = (streamed.content[i] ?? '') + (choice.delta.content ?? '');
    if (choice.finish_reason) streamed.finish[i] = choice.finish_reason;
  }
}
const last = chunks[chunks.length - 1];
streamed.last = { choices: last.choices.length, usage: last.usage ?? null };
streamed.usageOnlyInLast = chunks.slice(0, -1).every((c) => c.usage == null);
streamed.ids = [...new Set(chunks.map((c) => c.id))].length;

// The SDK's own accumulator turns the chunks back into a completion.
const helper = await client.chat.completions.stream({ ...request, stream_options: { include_usage: true } }).finalChatCompletion();

const errors = {
  unknownModel: await failure(client.chat.completions.create({ ...request, model: 'gpt-nope' })),
  badN: await failure(client.chat.completions.create({ ...request, n: 0 })),
  unknownModelStreamed: await failure(
    (async () => {
      const s = await client.chat.completions.create({ ...request, model: 'gpt-nope', stream: true });
      for await (const _ of s) { /* drained */ }
    })(),
  ),
  unknownUrl: await failure(client.get('/no-such-endpoint')),
};

console.log(JSON.stringify({
  models,
  whole: {
    choices: whole.choices.map((c) => ({ index: c.index, content: c.message.content, finish_reason: c.finish_reason })),
    usage: whole.usage,
  },
  streamed,
  helper: { choices: helper.choices.map((c) => ({ index: c.index, content: c.message.content, finish_reason: c.finish_reason })) },
  errors,
}));
