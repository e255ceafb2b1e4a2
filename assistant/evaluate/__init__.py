"""Evaluation commands (``python -m assistant eval …``): every number the README reports.

- :mod:`.retrieval` — KorQuAD open-domain retrieval, STS, retrieval latency;
- :mod:`.reader` — the reader on gold paragraphs and open-domain QA;
- :mod:`.chat` — a question file through the assistant, scored per question type;
- :mod:`.common` — tables, cached embeddings, ranking scores, reference-data paths.

Reader calibration, which writes the manifest, lives with training
(:mod:`assistant.train_reader`).
"""

from .chat import (QUESTION_TYPES, ChatScores, cli_eval_chat, eval_chat, field_correct, load_chat_questions,
                   question_type, ranked_course_ids)
from .common import RankingScores, cached_embeddings, latency_summary, print_table, ranking_scores
from .reader import ReaderScores, cli_eval_qa, cli_eval_reader, eval_qa, eval_reader
from .retrieval import eval_latency, eval_retrieval, eval_sts

__all__ = ["QUESTION_TYPES", "ChatScores", "RankingScores", "ReaderScores", "cli_eval_chat", "cli_eval_qa",
           "cli_eval_reader", "cached_embeddings", "eval_chat", "eval_latency", "eval_qa", "eval_reader", "eval_retrieval", "eval_sts",
           "field_correct", "latency_summary", "load_chat_questions", "print_table", "question_type",
           "ranked_course_ids", "ranking_scores"]
