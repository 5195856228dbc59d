"""The workshop room: the address phones in the room can open, and the share link / QR code built on it.

Why not the address bar: the presenter's browser usually shows `http://localhost:8501`, which no phone can
open. The room-facing address is, in order: a configured public URL (`UCJ_PUBLIC_URL`, for a deployed app
behind a proxy), else this machine's own network address on the port the server listens on. The network
address is read from the local interfaces (psutil), so finding it sends nothing over the network.

Pure functions except the Streamlit part at the end, so the address rules are tested without a server.
"""

from __future__ import annotations

import io
import ipaddress
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode, urlsplit

import streamlit as st

__all__ = [
    "PUBLIC_URL_ENV",
    "Interface",
    "local_interfaces",
    "room_address",
    "room_base_url",
    "page_link",
    "qr_png",
    "allowed_hosts",
    "is_loopback_host",
    "room_bar",
    "hides",
    "hidden_notice",
    "share_link",
]

PUBLIC_URL_ENV = "UCJ_PUBLIC_URL"
# Interfaces of containers, VMs and VPN tunnels: phones in the room cannot reach these addresses.
_VIRTUAL_PREFIXES = (
    "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc", "lxd", "tun", "tap", "zt", "tailscale",
)  # fmt: skip


@dataclass(frozen=True)
class Interface:
    name: str
    address: str
    is_up: bool = True


def local_interfaces() -> list[Interface]:
    """IPv4 addresses of this machine's interfaces (no network traffic: the kernel's own list)."""
    import socket

    import psutil

    stats = psutil.net_if_stats()
    found = []
    for name, addresses in psutil.net_if_addrs().items():
        up = stats[name].isup if name in stats else True
        found.extend(Interface(name, a.address, up) for a in addresses if a.family == socket.AF_INET)
    return found


def _rank(interface: Interface) -> tuple[int, int] | None:
    """Lower is better; None for an address no phone in the room can reach."""
    try:
        ip = ipaddress.IPv4Address(interface.address)
    except ValueError:
        return None
    if not interface.is_up or ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast:
        return None
    virtual = interface.name.lower().startswith(_VIRTUAL_PREFIXES)
    # A venue's Wi-Fi or a phone hotspot hands out private addresses; 192.168/16 is the usual one.
    private_order = 0 if ip in ipaddress.IPv4Network("192.168.0.0/16") else (1 if ip.is_private else 2)
    return (1 if virtual else 0, private_order)


def room_address(interfaces: Iterable[Interface] | None = None) -> str | None:
    """The machine's address on the room's network, or None when it has none (only loopback)."""
    ranked = sorted((rank, i.address) for i in _as_list(interfaces) if (rank := _rank(i)) is not None)
    return ranked[0][1] if ranked else None


def _as_list(interfaces: Iterable[Interface] | None) -> list[Interface]:
    return local_interfaces() if interfaces is None else list(interfaces)


def room_base_url(
    browser_url: str | None,
    port: int,
    *,
    public_url: str | None = None,
    interfaces: Iterable[Interface] | None = None,
    base_path: str = "",
) -> str:
    """The app's root address as the room can open it, ending without a slash.

    `public_url` (default: the UCJ_PUBLIC_URL environment variable) wins; otherwise a browser address that
    is not loopback is kept (the presenter already opened it through the room's address); otherwise this
    machine's network address and the server's port. Falls back to the browser's address when the machine
    has no network at all.
    """
    public = (public_url if public_url is not None else os.environ.get(PUBLIC_URL_ENV, "")).strip()
    if public:
        return public.rstrip("/")
    parts = urlsplit(browser_url or "")
    if parts.hostname and not is_loopback_host(parts.hostname):
        return f"{parts.scheme or 'http'}://{parts.netloc}{base_path}".rstrip("/")
    address = room_address(interfaces)
    if address is None:
        return (f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"http://localhost:{port}").rstrip("/")
    return f"http://{address}:{port}{base_path}".rstrip("/")


def is_loopback_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def page_link(base: str, page_path: str, params: Mapping[str, object]) -> str:
    """`base/page?query`: the page being shown, with the state a link carries."""
    query = urlencode({k: v for k, v in params.items() if v is not None and v != ""})
    path = f"{base}/{page_path.strip('/')}" if page_path.strip("/") else f"{base}/"
    return f"{path}?{query}" if query else path


def qr_png(url: str, scale: int = 8) -> bytes:
    """A QR code of the link for the projector (segno writes PNG without other packages); a quiet zone of 4
    modules, as phone cameras expect."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def allowed_hosts(public_url: str | None = None, interfaces: Iterable[Interface] | None = None) -> list[str]:
    """Host names the server answers to (Streamlit's `server.allowedHosts`): this machine's own names and
    addresses and the configured public host. A page on another host name that resolves here (DNS
    rebinding) is refused."""
    import socket

    hosts = ["localhost", "127.0.0.1", "::1"]
    hosts += [i.address for i in _as_list(interfaces) if _rank(i) is not None]
    name = socket.gethostname()
    if name:
        hosts += [name, f"{name}.local"]
    public = (public_url if public_url is not None else os.environ.get(PUBLIC_URL_ENV, "")).strip()
    if public and urlsplit(public).hostname:
        hosts.append(urlsplit(public).hostname)
    return list(dict.fromkeys(hosts))


# --- Streamlit part: the room bar (share link, QR, presentation exit) and the room-wide "hide results" --------

RESULT_PAGES = ("", "ringkasan", "simulasi", "peringkat", "profil", "analisis", "skenario")
LINK_DROPS = ("present",)  # a participant's phone opens the page, never the projector's presentation mode
HIDDEN_POLL_S = 3.0  # how often a participant's page checks whether the facilitator has revealed the results


@dataclass
class RoomState:
    """What every session in the room shares (one per server process): whether results are hidden."""

    hidden: bool = False
    version: int = 0


@st.cache_resource(show_spinner=False)
def _room_state() -> RoomState:
    return RoomState()


FACILITATOR = "room_is_facilitator"  # Session State: the answer, found once per session


def is_facilitator() -> bool:
    """A browser on the laptop that runs the server (Streamlit reports no address for a loopback client).
    Participants connect over the room's network, so only the presenter can hide and reveal results.
    A session's connection does not change, so the answer is found once (reading the request's headers
    costs milliseconds, on every rerun of every participant otherwise)."""
    known = st.session_state.get(FACILITATOR)
    if known is None:
        known = st.session_state[FACILITATOR] = _connection_is_local()
    return bool(known)


def _connection_is_local() -> bool:
    headers = st.context.headers
    forwarded = headers.get("X-Forwarded-For") or headers.get("X-Real-Ip")
    if forwarded:  # behind a proxy on this machine every client looks local: the proxy names the real one
        return is_loopback_host(forwarded.split(",")[0].strip())
    address = st.context.ip_address
    if not isinstance(address, str):  # None for a loopback browser (and a stand-in object under AppTest)
        return True
    return is_loopback_host(address)


def results_hidden() -> bool:
    return _room_state().hidden


def _set_hidden(value: bool) -> None:
    state = _room_state()
    state.hidden = value
    state.version += 1


def hides(page_path: str) -> bool:
    """Whether the page shows results (and so is covered while the facilitator hides them)."""
    return results_hidden() and page_path.strip("/") in RESULT_PAGES


@lru_cache(maxsize=64)
def _qr_cached(url: str) -> bytes:
    return qr_png(url)


def share_link(page_path: str) -> str:
    """The link of the page and state on screen, with the room's address (call after the URL is synced)."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in LINK_DROPS}
    port = int(st.get_option("server.port") or 8501)
    base_path = "/" + st.get_option("server.baseUrlPath").strip("/") if st.get_option("server.baseUrlPath") else ""
    return page_link(room_base_url(st.context.url, port, base_path=base_path), page_path, params)


def _listens_to_room() -> bool:
    address = st.get_option("server.address") or ""
    return os.environ.get(PUBLIC_URL_ENV, "").strip() != "" or not (address and is_loopback_host(address))


def room_bar(slot, page_path: str, present: bool) -> None:
    """Top of the page: the way out of presentation mode, the facilitator's hide/reveal switch, and the
    share popover (link + QR code of this page for the room's phones)."""
    from .i18n import t

    with slot, st.container(horizontal=True, gap="small"):
        if present:
            st.button(
                t("room.exit_present"),
                icon=":material/close_fullscreen:",
                key="room_exit_present",
                on_click=_exit_presentation,
            )
        # The link and QR code are built only while the popover is open (opening it reruns the app): a new
        # lever value is a new link, and encoding its QR code on every participant's every move cost more
        # than the rest of the bar.
        with st.popover(t("room.share"), icon=":material/qr_code_2:", key="room_share", on_change="rerun") as pop:
            if pop.open:
                url = share_link(page_path)
                st.markdown(t("room.share_caption"))
                st.code(url, language=None, wrap_lines=True)
                st.image(_qr_cached(url), caption=t("room.qr_caption"), width=300)
                if not _listens_to_room():
                    st.markdown(f":orange[:material/wifi_off: {t('room.local_only')}]")
        if is_facilitator():
            hidden = results_hidden()
            st.button(
                t("room.reveal") if hidden else t("room.hide"),
                icon=":material/visibility:" if hidden else ":material/visibility_off:",
                key="room_hide_toggle",
                on_click=_set_hidden,
                args=(not hidden,),
                help=t("room.hide_help"),
            )


def _exit_presentation() -> None:
    st.session_state["present"] = False


def hidden_notice() -> None:
    """Shown instead of a results page while the facilitator hides results; checks every few seconds and
    reloads the page when they are revealed (only while hidden, so it costs nothing otherwise)."""
    from .i18n import t

    st.title(t("room.hidden_title"))
    st.info(t("room.hidden_body"), icon=":material/psychology:")
    _reveal_watch()


@st.fragment(run_every=HIDDEN_POLL_S)
def _reveal_watch() -> None:
    if not results_hidden():
        st.rerun(scope="app")
