# Activation Explorer: a slim image that runs the app as a non-root user.
#   docker build -t activation-explorer .
#   docker run -p 8501:8501 activation-explorer          (PORT=9000 to listen elsewhere)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=8501

RUN useradd --create-home --uid 10001 app
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=app:app app.py ./
COPY --chown=app:app .streamlit ./.streamlit
COPY --chown=app:app activations ./activations
COPY --chown=app:app ui ./ui
COPY --chown=app:app app_pages ./app_pages
USER app

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8501') + '/_stcore/health', timeout=4)"
CMD ["sh", "-c", "exec streamlit run app.py --server.port=\"$PORT\" --server.address=0.0.0.0"]
