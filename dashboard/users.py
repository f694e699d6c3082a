"""Dashboard accounts: who may sign in, with which role and scope, kept hashed in a file outside the repository.

The file is streamlit-authenticator's YAML configuration (credentials with bcrypt hashes, the re-login
cookie's name, signing key and lifetime) plus each user's role and scope. It is found at $EVAL_USERS, else
beside the database as users.yaml (data/users.yaml for the default database, ignored by git), and is written
only by this module's command line:

    python -m dashboard.users add USERNAME --name 姓名 --role province --province 浙江省 [--org 单位]
    python -m dashboard.users add USERNAME --name 姓名 --role city --province 浙江省 --city 宁波市
    python -m dashboard.users remove USERNAME | list | demo | auto-login USERNAME|--off
"""
import argparse
import getpass
import logging
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROLES = {"province": "省级复核（可复核）", "city": "市级查看（只读）"}
ALL_PROVINCES = "全部"
FILE_NAME = "users.yaml"
COOKIE_NAME = "eval_dashboard_login"
COOKIE_DAYS = 1.0              # a browser stays signed in this long without the password
MIN_PASSWORD = 8
# The demo database's accounts (README lists them; `demo` writes them, `remove` and `add` replace them).
DEMO_PASSWORD = "Demo-2024"
DEMO_USERS = (
    ("demo_all", "演示复核员（全部省份）", "province", None, None, "省级财政部门（演示）"),
    ("demo_zhejiang", "浙江省复核员（演示）", "province", "浙江省", None, "浙江省财政厅（演示）"),
    ("demo_ningbo", "宁波市财政局（演示）", "city", "浙江省", "宁波市", "宁波市财政局（演示）"),
)


class UsersError(Exception):
    """A users-file problem with a Chinese message for the page or the command line."""


@dataclass(frozen=True)
class User:
    """A signed-in account: a province supervisor reviews a province (None = every province); a city user reads
    one city."""
    username: str
    name: str
    role: str
    province: str | None = None
    city: str | None = None
    org: str | None = None

    @property
    def can_review(self) -> bool:
        return self.role == "province"

    def sees(self, province, city) -> bool:
        """Whether a report of this province and city is inside the account's scope."""
        if self.province and province != self.province:
            return False
        return not (self.role == "city" and city != self.city)

    def bounds(self) -> tuple[str | None, str | None]:
        """The (province, city) every query of this account is limited to; None where it is not limited."""
        return self.province, self.city if self.role == "city" else None

    def scope_text(self) -> str:
        """The scope in words: 浙江省, 浙江省宁波市, or 全部省份."""
        if self.role == "city":
            return f"{self.province}{self.city}"
        return self.province or "全部省份"

    def describe(self) -> str:
        return f"{self.name}（{ROLES.get(self.role, self.role)} · {self.scope_text()}）"


def users_path(db_path: str | Path) -> Path:
    """$EVAL_USERS, else users.yaml beside the database."""
    return Path(os.environ.get("EVAL_USERS") or Path(db_path).parent / FILE_NAME)


def read(path: Path) -> dict:
    """The whole configuration; an empty one when the file does not exist."""
    if not path.exists():
        return {"cookie": {"name": COOKIE_NAME, "key": secrets.token_hex(32), "expiry_days": COOKIE_DAYS},
                "credentials": {"usernames": {}}, "auto_login": None}
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise UsersError(f"无法读取账号文件 {path}：{exc}") from exc
    if not isinstance(config.get("credentials", {}).get("usernames"), dict) or "key" not in config.get("cookie", {}):
        raise UsersError(f"账号文件 {path} 格式不对：缺少 credentials.usernames 或 cookie.key")
    config.setdefault("auto_login", None)
    return config


def write(path: Path, config: dict) -> None:
    """Write the configuration readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as fh:
        yaml.safe_dump(config, fh, allow_unicode=True, sort_keys=False)
    os.replace(tmp, path)


def to_user(username: str, entry: dict) -> User:
    roles = entry.get("roles") or []
    return User(username, entry.get("name") or username, roles[0] if roles else "city",
                entry.get("province"), entry.get("city"), entry.get("org"))


def accounts(config: dict) -> dict[str, User]:
    """Username → User of a configuration."""
    return {u: to_user(u, e) for u, e in config["credentials"]["usernames"].items()}


def hash_password(password: str) -> str:
    """A bcrypt hash by streamlit-authenticator's Hasher (never a plain password on disk)."""
    from streamlit_authenticator import Hasher

    return Hasher.hash(password)


def check(username: str, name: str, role: str, province: str | None, city: str | None) -> None:
    """Refuse an account whose role and scope do not fit together."""
    if not username or username != username.strip().lower() or any(c.isspace() for c in username):
        raise UsersError("用户名须为小写、不含空格（登录时不区分大小写）")
    if role not in ROLES:
        raise UsersError(f"角色只能是 {', '.join(ROLES)}")
    if role == "city" and not (province and city):
        raise UsersError("市级账号须同时给出 --province 和 --city")
    if role == "province" and city:
        raise UsersError("省级账号的范围是一个省（或全部），不带 --city")
    if not name.strip():
        raise UsersError("请给出姓名（--name），复核记录和复核意见以此署名")


def add(config: dict, username: str, name: str, role: str, password: str, province: str | None = None,
        city: str | None = None, org: str | None = None, replace: bool = False) -> User:
    """Add (or with replace, overwrite) one account in a configuration."""
    province = None if province in (None, "", ALL_PROVINCES) else province
    check(username, name, role, province, city)
    users = config["credentials"]["usernames"]
    if username in users and not replace:
        raise UsersError(f"用户 {username} 已存在；要替换请加 --replace")
    if any(u.name == name.strip() and u.username != username for u in accounts(config).values()):
        raise UsersError(f"姓名“{name}”已被另一账号使用：复核记录以姓名署名，须能区分")
    if len(password) < MIN_PASSWORD:
        raise UsersError(f"密码至少 {MIN_PASSWORD} 位")
    users[username] = {"name": name.strip(), "password": hash_password(password), "roles": [role],
                       "province": province, "city": city, "org": org}
    return to_user(username, users[username])


def add_demo(config: dict) -> list[User]:
    """The demo database's documented accounts (password DEMO_PASSWORD), replacing earlier ones of those names."""
    return [add(config, u, n, r, DEMO_PASSWORD, p, c, o, replace=True) for u, n, r, p, c, o in DEMO_USERS]


def ensure_demo_file(path: Path) -> bool:
    """Write the demo accounts when no users file exists yet (the demo database's first start)."""
    if path.exists():
        return False
    config = read(path)
    add_demo(config)
    write(path, config)
    return True


# ---------------------------------------------------------------- command line

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dashboard.users", description="看板账号：新增、删除、列出")
    p.add_argument("--file", help="账号文件（默认 $EVAL_USERS，或数据库旁的 users.yaml）")
    p.add_argument("--db", help="数据库文件（默认 $EVAL_DB 或 data/evaluations.duckdb），账号文件放在它旁边")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("add", help="新增账号（密码从终端读入，或 --password-stdin）")
    a.add_argument("username")
    a.add_argument("--name", required=True, help="姓名，复核记录与复核意见以此署名")
    a.add_argument("--role", required=True, choices=list(ROLES), help="province 省级复核；city 市级只读")
    a.add_argument("--province", help=f"省份；省级账号写“{ALL_PROVINCES}”可看全部省份")
    a.add_argument("--city", help="城市（市级账号）")
    a.add_argument("--org", help="所在单位，写在复核意见落款处")
    a.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码")
    a.add_argument("--replace", action="store_true", help="替换同名账号")
    r = sub.add_parser("remove", help="删除账号")
    r.add_argument("username")
    sub.add_parser("list", help="列出账号（不显示密码）")
    sub.add_parser("demo", help="写入演示账号（README 中列出的用户名与密码）")
    o = sub.add_parser("auto-login", help="不输入密码即以某账号登录（仅供单机使用）；--off 关闭")
    o.add_argument("username", nargs="?")
    o.add_argument("--off", action="store_true")
    return p


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("密码：")
    if first != getpass.getpass("再输入一次："):
        raise UsersError("两次输入的密码不一致")
    return first


def quiet_streamlit() -> None:
    """Keep Streamlit's "no runtime" warnings (logged when its modules load outside a page) out of a command line;
    the command line reports by printing."""
    logging.disable(logging.WARNING)


def _run(args) -> str:
    from ingest.db import DEFAULT_DB

    path = Path(args.file) if args.file else users_path(args.db or os.environ.get("EVAL_DB") or DEFAULT_DB)
    config = read(path)
    if args.command == "list":
        rows = [u.describe() + f"  [{u.username}]" for u in accounts(config).values()]
        auto = f"\n自动登录：{config['auto_login']}" if config.get("auto_login") else ""
        return f"{path}\n" + ("\n".join(rows) or "（没有账号）") + auto
    if args.command == "add":
        user = add(config, args.username, args.name, args.role, _password(args), args.province, args.city,
                   args.org, args.replace)
        done = f"已保存账号 {user.username}：{user.describe()}"
    elif args.command == "remove":
        if config["credentials"]["usernames"].pop(args.username, None) is None:
            raise UsersError(f"没有用户 {args.username}")
        if config.get("auto_login") == args.username:
            config["auto_login"] = None
        done = f"已删除账号 {args.username}"
    elif args.command == "demo":
        done = "已写入演示账号：" + "、".join(u.username for u in add_demo(config)) + f"（密码 {DEMO_PASSWORD}）"
    else:
        if not args.off and args.username not in config["credentials"]["usernames"]:
            raise UsersError(f"没有用户 {args.username}")
        config["auto_login"] = None if args.off else args.username
        done = "已关闭自动登录" if args.off else f"打开看板即以 {args.username} 登录（不要在多人使用的服务器上打开）"
    write(path, config)
    return f"{done}\n账号文件：{path}"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    quiet_streamlit()
    try:
        print(_run(args))
    except UsersError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    finally:
        logging.disable(logging.NOTSET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
