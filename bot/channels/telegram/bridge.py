"""`trustcoach telegram`: python-telegram-bot with long polling, forwarding messages to Rasa and rendering replies.

Long polling needs no public HTTPS address (Rasa's own Telegram connector is webhook-only). Messages of one
chat are handled in order, different chats concurrently. It talks to Rasa's `telegram` channel with the
coach's internal token, so only the bridge speaks for `telegram:<user id>` users (bot/identity.py); the
user's Telegram language goes along as `metadata.language` (an explicit switch in the chat wins in Rasa).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass
from typing import Awaitable, Callable, List, Optional, TypeVar

import httpx
from telegram import BotCommand, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application, ApplicationBuilder, BaseUpdateProcessor, CallbackQueryHandler, CommandHandler, ContextTypes,
    MessageHandler, filters,
)
from telegram.request import BaseRequest

from bot.channels.rasa_client import AsyncRasaClient, BotMessage, CoachNotReached, CoachUnavailable
from bot.check_ins import CheckInDelivery
from bot.identity import Channel, telegram_chat_id, telegram_user_id
from bot.channels.telegram.rendering import DocumentOut, Outgoing, PhotoOut, Renderer, TextOut
from bot.channels.telegram.wording import COMMANDS, BridgeWording
from bot.language import normalise_language_code

logger = logging.getLogger(__name__)

CHANNEL = Channel.TELEGRAM.value
T = TypeVar("T")


class TelegramBridgeError(RuntimeError):
    """The bridge cannot run (missing or rejected token); the message says what to do."""


def quiet_http_logs() -> None:
    """httpx logs every request URL at INFO – and Telegram URLs contain the bot token."""
    for name in ("httpx", "httpcore", "telegram.request"):
        logging.getLogger(name).setLevel(logging.WARNING)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """One chat's updates one after the other (asyncio locks wake waiters in order); other chats meanwhile."""

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: "weakref.WeakValueDictionary[int, asyncio.Lock]" = weakref.WeakValueDictionary()

    async def do_process_update(self, update: object, coroutine: Awaitable) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.get(chat.id)
        if lock is None:
            lock = self._locks[chat.id] = asyncio.Lock()
        async with lock:
            await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


@dataclass
class Retry:
    """How often and how long to wait: Rasa restarting, Telegram asking to slow down, network hiccups."""

    attempts: int = 4
    first_wait: float = 1.0
    max_wait: float = 8.0

    def waits(self):
        wait = self.first_wait
        for _ in range(self.attempts - 1):
            yield wait
            wait = min(wait * 2, self.max_wait)


class TelegramBridge:
    def __init__(self, rasa: AsyncRasaClient, wording: BridgeWording, retry: Optional[Retry] = None) -> None:
        self.rasa = rasa
        self.wording = wording
        self.retry = retry or Retry()
        self.renderer = Renderer()

    # --- the application ----------------------------------------------------------------
    def build(
        self, token: str, base_url: Optional[str] = None, request: Optional[BaseRequest] = None,
        updates_request: Optional[BaseRequest] = None,
    ) -> Application:
        if not token:
            raise TelegramBridgeError("TELEGRAM_BOT_TOKEN is not set. Get a token from @BotFather and set it.")
        builder = ApplicationBuilder().token(token).concurrent_updates(PerChatUpdateProcessor())
        if base_url:
            builder = builder.base_url(f"{base_url}/bot").base_file_url(f"{base_url}/file/bot")
        if request is not None:
            builder = builder.request(request)
        if updates_request is not None:
            builder = builder.get_updates_request(updates_request)
        application = builder.post_init(self._register_commands).build()
        application.add_handler(CommandHandler(list(COMMANDS), self.on_command))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text))
        # Other commands go to the coach as typed; the coach takes only its own payloads as intents.
        application.add_handler(MessageHandler(filters.COMMAND, self.on_text))
        application.add_handler(MessageHandler(~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL, self.on_other))
        application.add_error_handler(self.on_error)
        return application

    async def _register_commands(self, application: Application) -> None:
        for language in ("de", "en"):
            commands = [BotCommand(name, self.wording.commands[name](language)) for name in COMMANDS]
            await self._telegram(lambda: application.bot.set_my_commands(commands, language_code=language))
        await self._telegram(lambda: application.bot.set_my_commands(
            [BotCommand(name, self.wording.commands[name]("de")) for name in COMMANDS]
        ))

    # --- handlers ---------------------------------------------------------------------------
    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.converse(update, context, update.effective_message.text or "")

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A sticker says what its emoji says; pictures, voice and files get a note that only text is read."""
        message = update.effective_message
        if message.sticker is not None and message.sticker.emoji:
            await self.converse(update, context, message.sticker.emoji)
        elif message.caption:
            await self.converse(update, context, message.caption)
        else:
            await self._send_outgoing(context.bot, update.effective_chat.id, self._notice("only_text", update))

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        command = (update.effective_message.text or "").split()[0].lstrip("/").split("@")[0].lower()
        coach_message = COMMANDS.get(command, "/request_help")
        if command == "lang" and context.args:
            coach_message = f"/lang {context.args[0]}"
        await self.converse(update, context, coach_message)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await self._telegram(query.answer)  # stops the button's spinner
        payload = self.renderer.payloads.payload(query.data or "")
        if payload is None:
            await self._send_outgoing(context.bot, update.effective_chat.id, self._notice("button_expired", update))
            return
        await self.converse(update, context, payload)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """One bad update never stops the bridge; the log names the error, not what the user wrote."""
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error("Update %s failed: %s: %s", update_id, type(context.error).__name__, context.error)

    # --- one turn ---------------------------------------------------------------------------
    async def converse(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        chat_id = update.effective_chat.id
        user = update.effective_user
        language = normalise_language_code(user.language_code) if user else None
        metadata = {"language": language} if language else None
        typing = asyncio.create_task(self._keep_typing(context, chat_id))
        try:
            replies = await self._ask_coach(telegram_user_id(user.id if user else chat_id), text, metadata)
        finally:
            typing.cancel()
        if replies is None:
            await self._send_outgoing(context.bot, chat_id, self._notice("coach_restarting", update))
            return
        await self.send_replies(context.bot, chat_id, replies, language or "de")

    async def _ask_coach(self, sender: str, text: str, metadata) -> Optional[List[BotMessage]]:
        """The coach's replies; None when it stays unreachable. Only a message that never arrived is sent again."""
        waits = self.retry.waits()
        while True:
            try:
                return await self.rasa.send(sender, text, metadata)
            except CoachNotReached as error:
                wait = next(waits, None)
                if wait is None:
                    logger.warning("The coach stayed unreachable: %s", error)
                    return None
                await asyncio.sleep(wait)
            except CoachUnavailable as error:
                logger.warning("The coach failed on a message: %s", error)
                return None

    async def _keep_typing(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
        while True:
            try:
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError:
                pass  # only a courtesy
            await asyncio.sleep(4.5)  # Telegram shows it for about five seconds

    def _notice(self, name: str, update: Optional[Update] = None, language: Optional[str] = None) -> List[Outgoing]:
        user = update.effective_user if update is not None else None
        language = language or (normalise_language_code(user.language_code) if user else None)
        return self.renderer.render([BotMessage(text=getattr(self.wording, name)(language or "de"))])

    # --- sending ----------------------------------------------------------------------------
    async def send_replies(self, bot, chat_id: int, replies: List[BotMessage], language: str = "de") -> None:
        await self._send_outgoing(bot, chat_id, self.renderer.render(replies), language)

    async def _send_outgoing(self, bot, chat_id: int, outgoing: List[Outgoing], language: str = "de") -> None:
        for part in outgoing:
            if isinstance(part, TextOut):
                await self._send_text(bot, chat_id, part)
            elif isinstance(part, PhotoOut):
                await self._telegram(lambda: bot.send_photo(chat_id, part.image, reply_markup=part.keyboard))
            elif isinstance(part, DocumentOut):
                await self._send_document(bot, chat_id, part, language)

    async def _send_text(self, bot, chat_id: int, part: TextOut) -> None:
        """With its formatting; if Telegram refuses that (e.g. a link it does not accept), as plain text."""
        try:
            await self._telegram(lambda: bot.send_message(
                chat_id, part.text, entities=part.entities or None, reply_markup=part.keyboard,
            ))
        except BadRequest as error:
            if not part.entities:
                raise
            logger.warning("Telegram refused a formatted message (%s); sending it as plain text.", error.message)
            await self._telegram(lambda: bot.send_message(chat_id, part.text, reply_markup=part.keyboard))

    async def _send_document(self, bot, chat_id: int, document: DocumentOut, language: str) -> None:
        try:
            content = await self.rasa.fetch(document.url)
        except (httpx.HTTPError, OSError) as error:
            logger.warning("Could not fetch a document to send (%s); the user has its link.", type(error).__name__)
            await self._send_outgoing(bot, chat_id, self._notice("document_unavailable", language=language))
            return
        await self._telegram(lambda: bot.send_document(chat_id, content, filename=document.filename))

    async def _telegram(self, call: Callable[[], Awaitable[T]]) -> Optional[T]:
        """A Bot API call, retried on network errors and after the wait Telegram asks for (429); None if it gave up."""
        waits = self.retry.waits()
        while True:
            try:
                return await call()
            except Forbidden:
                logger.info("A user has blocked the bot; nothing sent.")
                return None
            except BadRequest:
                raise  # a NetworkError in PTB's hierarchy, but sending it again cannot help
            except (RetryAfter, TimedOut, NetworkError) as error:
                wait = next(waits, None)
                if wait is None:
                    logger.warning("Telegram call failed for good: %s", type(error).__name__)
                    return None
                if isinstance(error, RetryAfter):
                    wait = max(wait, _seconds(error.retry_after))
                await asyncio.sleep(wait)

    # --- check-ins ------------------------------------------------------------------------------
    async def deliver_check_ins(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Job: push due check-ins. The delivery claims and triggers them (blocking calls, so in a thread)."""
        delivery: CheckInDelivery = context.job.data
        loop = asyncio.get_running_loop()

        def send(user_id: str, messages: List[BotMessage]) -> None:
            chat_id = telegram_chat_id(user_id)
            asyncio.run_coroutine_threadsafe(self.send_replies(context.bot, chat_id, messages), loop).result(timeout=120)

        delivery.senders[CHANNEL] = send
        delivered = await asyncio.to_thread(delivery.deliver_due)
        if delivered:
            logger.info("Pushed %d check-in(s).", delivered)


def _seconds(retry_after) -> float:
    return retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else float(retry_after)


def run_bridge(
    bridge: TelegramBridge, token: str, check_ins: Optional[CheckInDelivery] = None, every_seconds: float = 60.0,
    request: Optional[BaseRequest] = None,
) -> None:
    """Long polling until Ctrl-C; a rejected token stops with a clear message. `request`: another HTTP layer (tests)."""
    quiet_http_logs()
    application = bridge.build(token, request=request, updates_request=request)
    if check_ins is not None:
        application.job_queue.run_repeating(bridge.deliver_check_ins, interval=every_seconds, first=5, data=check_ins)
    try:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        raise TelegramBridgeError(
            "Telegram rejected TELEGRAM_BOT_TOKEN. Check the token from @BotFather (it looks like 123456:ABC-...)."
        ) from None
    except NetworkError as error:
        raise TelegramBridgeError(
            f"Cannot reach the Telegram Bot API ({error}). Check the network connection (and a proxy), then start again."
        ) from None
