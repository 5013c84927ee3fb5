"""Write a Georgian slide PNG/SVG and a Georgian deck to a folder and report the render times.

    .venv/bin/python scripts/check_export.py [OUT_DIR]

OUT_DIR defaults to a new temporary folder. When LibreOffice is installed the deck is also converted to PDF
(``libreoffice --headless --convert-to pdf``) so the Georgian text on the slides can be checked by eye; without
it that step is skipped.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import plotly.graph_objects as go

from dashboard import exports, i18n


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(tempfile.mkdtemp(prefix="ogp-export-"))
    out.mkdir(parents=True, exist_ok=True)
    title = "შესრულება მუნიციპალიტეტების მიხედვით"
    source = i18n.t("export.source_line", "ka").format(source="OGP საქართველო", date="31.12.2019")
    fig = go.Figure()
    for name, values in (("სრულად", [3, 1, 0]), ("ნაწილობრივ", [1, 2, 1]), ("არ არის შეფასებული", [2, 3, 5])):
        fig.add_bar(name=name, x=["რუსთავი", "ბათუმი", "ქუთაისი"], y=values)
    fig.update_layout(barmode="stack", xaxis_title="მუნიციპალიტეტი", yaxis_title="ვალდებულებები")

    times = []
    images = {}
    for i, fmt in enumerate(("png", "svg", "png", "png")):
        t0 = time.perf_counter()
        images[fmt] = exports.figure_image(fig, fmt, title=title, source_line=source, lang="ka", synthetic=i == 0)
        times.append(time.perf_counter() - t0)
    png_path = out / exports.export_filename(title, "ka", "png")
    svg_path = out / exports.export_filename(title, "ka", "svg")
    png_path.write_bytes(images["png"])
    svg_path.write_bytes(images["svg"])
    print(f"png {exports.png_size(images['png'])} -> {png_path}")
    print(f"svg -> {svg_path}")
    print("image times (s): first (starts the renderer) {:.2f}, then {}".format(
        times[0], ", ".join(f"{t:.2f}" for t in times[1:])))
    print("renderer:", {k: v for k, v in exports.renderer_stats().items() if k in ("starts", "renders")})

    deck = exports.pptx_bytes(
        lang="ka",
        title="OGP საქართველო: ვალდებულებების შესრულება",
        subtitle_lines=["სამოქმედო გეგმა 2018–2019", "ფილტრები: ყველა", "31.12.2019-ის მდგომარეობით"],
        slides=[exports.Slide(title, "რუსთავში 6-დან 3 ეტაპი ვადაგადაცილებულია.", images["png"],
                             "როგორ გამოითვლება: შეფასებების რაოდენობა მუნიციპალიტეტების მიხედვით")],
        methodology_lines=["ქულა: სრულად = 1, უმეტესწილად = 2/3, ნაწილობრივ = 1/3, არ შესრულებულა = 0"],
        sources_lines=["OGP საქართველოს პორტალი"],
    )
    deck_path = out / exports.export_filename("პრეზენტაცია", "ka", "pptx")
    deck_path.write_bytes(deck)
    print(f"deck -> {deck_path}")
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office:
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(deck_path)],
                       check=True, timeout=180)
        print(f"pdf -> {deck_path.with_suffix('.pdf')}")
    else:
        print("LibreOffice not installed: PDF conversion skipped")
    exports.shutdown_renderer()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
